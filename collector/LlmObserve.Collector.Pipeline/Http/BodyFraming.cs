using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

internal enum Framing
{
    /// <summary>No body follows the head.</summary>
    None,

    /// <summary>Content-Length bytes follow.</summary>
    Length,

    /// <summary>Chunked transfer coding.</summary>
    Chunked,

    /// <summary>The body ends when the connection closes (responses only).</summary>
    UntilClose,
}

/// <summary>How to read the body after a head.</summary>
/// <param name="ContentEncoding">The Content-Encoding to undo (lowercase), null for identity.</param>
internal readonly record struct BodyPlan(Framing Framing, long Length, string? ContentEncoding)
{
    /// <summary>A 1xx response: no body, and the final response to the same request still follows.</summary>
    public bool Interim { get; init; }

    /// <summary>Follow the framing but keep nothing (unwanted or unpaired messages).</summary>
    public bool Discard { get; init; }

    /// <summary>Why the connection cannot be read any further, when it cannot.</summary>
    public string? RejectReason { get; init; }

    public static BodyPlan Empty { get; } = new(Framing.None, 0, null);

    public static BodyPlan Reject(string reason) => Empty with { RejectReason = reason };
}

/// <summary>The message-length rules of RFC 9112 section 6.3, for requests and for responses.</summary>
internal static class BodyFraming
{
    public static BodyPlan ForRequest(HttpRequestHead head)
    {
        var encoding = ContentEncoding(head.Headers);
        if (HeaderValues.Get(head.Headers, "Transfer-Encoding") is { } transfer)
        {
            // A request whose length cannot be known is invalid; a server would answer 400 and close.
            return IsChunkedLast(transfer) ? new BodyPlan(Framing.Chunked, 0, encoding) : BodyPlan.Reject(HeadParser.Malformed);
        }

        var length = ContentLength(head.Headers);
        return length switch
        {
            < -1 => BodyPlan.Reject(HeadParser.Malformed),
            > 0 => new BodyPlan(Framing.Length, length, encoding),
            _ => BodyPlan.Empty,
        };
    }

    /// <param name="requestMethod">The method of the request this response answers, when known.</param>
    public static BodyPlan ForResponse(HttpResponseHead head, string? requestMethod)
    {
        var status = head.StatusCode;
        if (status is >= 100 and < 200 && status != 101)
        {
            return BodyPlan.Empty with { Interim = true };
        }

        if (status is 101 or 204 or 304 || requestMethod == "HEAD" || (requestMethod == "CONNECT" && status is >= 200 and < 300))
        {
            return BodyPlan.Empty;
        }

        var encoding = ContentEncoding(head.Headers);
        if (HeaderValues.Get(head.Headers, "Transfer-Encoding") is { } transfer)
        {
            return new BodyPlan(IsChunkedLast(transfer) ? Framing.Chunked : Framing.UntilClose, 0, encoding);
        }

        var length = ContentLength(head.Headers);
        return length switch
        {
            < -1 => BodyPlan.Reject(HeadParser.Malformed),
            -1 => new BodyPlan(Framing.UntilClose, 0, encoding),
            0 => BodyPlan.Empty,
            _ => new BodyPlan(Framing.Length, length, encoding),
        };
    }

    /// <summary>The Content-Length (-1 when absent, -2 when invalid or conflicting).</summary>
    internal static long ContentLength(IReadOnlyList<HttpHeader> headers)
    {
        long result = -1;
        foreach (var header in headers)
        {
            if (!string.Equals(header.Name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in header.Value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Length is 0 or > 18 || !part.All(char.IsAsciiDigit))
                {
                    return -2;
                }

                var value = long.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
                if (result >= 0 && result != value)
                {
                    return -2;
                }

                result = value;
            }
        }

        return result;
    }

    private static bool IsChunkedLast(string transferEncoding)
    {
        var comma = transferEncoding.LastIndexOf(',');
        return string.Equals(transferEncoding[(comma + 1)..].Trim(), "chunked", StringComparison.OrdinalIgnoreCase);
    }

    private static string? ContentEncoding(IReadOnlyList<HttpHeader> headers)
    {
        var value = HeaderValues.Get(headers, "Content-Encoding")?.Trim().ToLowerInvariant();
        return value is null or "" or "identity" ? null : value;
    }
}
