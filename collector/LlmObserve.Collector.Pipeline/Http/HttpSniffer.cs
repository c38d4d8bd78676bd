namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>What the first bytes of a message (or of a whole stream) look like.</summary>
internal enum MessageStart
{
    /// <summary>Too few bytes to tell.</summary>
    NeedMore,

    /// <summary>An HTTP/1.x request line (a known method and a space).</summary>
    Request,

    /// <summary>An HTTP/1.x status line.</summary>
    Response,

    /// <summary>The HTTP/2 client connection preface.</summary>
    Http2,

    /// <summary>Anything else: not HTTP/1.x, or not at a message boundary.</summary>
    Other,
}

/// <summary>Tells requests, responses, HTTP/2 and everything else apart from a message's first bytes.</summary>
internal static class HttpSniffer
{
    private static readonly byte[][] Methods =
    [
        "GET "u8.ToArray(), "POST "u8.ToArray(), "PUT "u8.ToArray(), "DELETE "u8.ToArray(), "PATCH "u8.ToArray(),
        "HEAD "u8.ToArray(), "OPTIONS "u8.ToArray(), "CONNECT "u8.ToArray(), "TRACE "u8.ToArray(),
    ];

    private static ReadOnlySpan<byte> Http2Preface => "PRI * HTTP/2"u8;

    private static ReadOnlySpan<byte> StatusLinePrefix => "HTTP/1."u8;

    public static MessageStart Classify(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return MessageStart.NeedMore;
        }

        var undecided = false;
        if (Matches(data, Http2Preface, ref undecided))
        {
            return MessageStart.Http2;
        }

        if (Matches(data, StatusLinePrefix, ref undecided))
        {
            return MessageStart.Response;
        }

        foreach (var method in Methods)
        {
            if (Matches(data, method, ref undecided))
            {
                return MessageStart.Request;
            }
        }

        return undecided ? MessageStart.NeedMore : MessageStart.Other;
    }

    /// <summary>
    /// Why a stream seen from its first byte is given up when those bytes are not the expected message:
    /// a client writes requests (HTTP/2 has its own preface) and reads responses.
    /// </summary>
    public static string RejectFirstBytes(MessageKind expected, MessageStart start) => (expected, start) switch
    {
        (MessageKind.Request, MessageStart.Http2) => DropReasons.Http2,
        (MessageKind.Request, MessageStart.Response) or (MessageKind.Response, MessageStart.Request) => DropReasons.ServerSide,
        _ => DropReasons.NotHttp,
    };

    /// <summary>True when data starts with the pattern; sets <paramref name="undecided"/> when data is a shorter prefix of it.</summary>
    private static bool Matches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pattern, ref bool undecided)
    {
        if (data.Length >= pattern.Length)
        {
            return data.StartsWith(pattern);
        }

        undecided |= pattern.StartsWith(data);
        return false;
    }
}
