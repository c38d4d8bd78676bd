using System.Text.Json.Serialization;

namespace LlmObserve.Contracts.Capture;

/// <summary>What a request and a response share: headers, a capped body and capture losses.</summary>
public abstract record CapturedMessage
{
    /// <summary>In wire order; credential values are already replaced by the collector.</summary>
    public IReadOnlyList<HttpHeader> Headers
    {
        get;
        init => field = value ?? []; // absent on the wire means none (the JSON source generator passes null)
    } = [];

    /// <summary>The decoded body (transfer and content encodings removed), capped by the collector.</summary>
    public string? Body { get; init; }

    public BodyEncoding BodyEncoding { get; init; } = BodyEncoding.Utf8;

    /// <summary>Size of the whole decoded body as seen on the wire, before the cap.</summary>
    public long? BodySize { get; init; }

    /// <summary>The body was cut at the collector's cap.</summary>
    public bool BodyTruncated { get; init; }

    /// <summary>Bytes the capture lost (kernel buffer full, per-connection cap).</summary>
    public long LostBytes { get; init; }
}

public sealed record CapturedRequest : CapturedMessage
{
    public required string Method { get; init; }

    /// <summary>Path and query, key-like query parameters redacted.</summary>
    public required string Path { get; init; }

    /// <summary>The Host header (or HTTP/2 :authority).</summary>
    public string? Host { get; init; }
}

public sealed record CapturedResponse : CapturedMessage
{
    public required int StatusCode { get; init; }
}

public sealed record HttpHeader(string Name, string Value);

public enum BodyEncoding
{
    /// <summary>Body is text.</summary>
    [JsonStringEnumMemberName("utf8")]
    Utf8 = 0,

    /// <summary>Body is binary, carried as base64.</summary>
    [JsonStringEnumMemberName("base64")]
    Base64 = 1,
}
