using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>A request line and its headers, in wire order.</summary>
public sealed record HttpRequestHead(string Method, string Target, string Version, IReadOnlyList<HttpHeader> Headers);

/// <summary>A status line and its headers, in wire order.</summary>
public sealed record HttpResponseHead(int StatusCode, string Reason, string Version, IReadOnlyList<HttpHeader> Headers);

/// <summary>
/// A message body after transfer and content decoding (chunked, gzip, deflate, br), cut at the body cap.
/// </summary>
/// <param name="Content">The decoded bytes, at most the cap.</param>
/// <param name="DecodedSize">How many decoded bytes the whole body had (more than <c>Content.Length</c> when truncated).</param>
/// <param name="Truncated">The body was longer than the cap.</param>
/// <param name="LostBytes">Bytes of this message the capture lost (kernel cap, ring buffer full).</param>
/// <param name="DecodeError">Why decoding failed (bad gzip, bomb), or null; <c>Content</c> then holds what decoded.</param>
public sealed record HttpBody(ReadOnlyMemory<byte> Content, long DecodedSize, bool Truncated, long LostBytes, string? DecodeError)
{
    public static HttpBody Empty { get; } = new(ReadOnlyMemory<byte>.Empty, 0, Truncated: false, LostBytes: 0, DecodeError: null);
}

/// <summary>One request and (when seen) its response on one connection, as the HTTP/1.1 stage reassembled it.</summary>
public sealed record HttpExchange(
    ulong ConnectionId,
    int Pid,
    CaptureSource Source,
    CapturedConnection? Addresses,
    DateTimeOffset RequestStartedAt,
    HttpRequestHead Request,
    HttpBody RequestBody,
    DateTimeOffset? ResponseCompletedAt,
    HttpResponseHead? Response,
    HttpBody? ResponseBody,
    bool Streamed);
