namespace LlmObserve.Collector.Pipeline.Content;

/// <summary>
/// Why content decoding stopped (<see cref="Http.HttpBody.DecodeError"/>); each is also counted as a drop
/// reason of the http stage, once per message.
/// </summary>
public static class DecodeErrors
{
    /// <summary>Decoding reached the hard cap on decoded size (a compression bomb, or just huge).</summary>
    public const string DecodedSizeCap = "decoded_size_cap";

    public const string InvalidGzip = "invalid_gzip";
    public const string InvalidDeflate = "invalid_deflate";
    public const string InvalidBrotli = "invalid_br";

    /// <summary>Compressed bytes were lost: nothing after the gap can be decoded.</summary>
    public const string LostBytes = "decode_lost_bytes";

    /// <summary>A Content-Encoding this collector does not decode: the body is kept as it came.</summary>
    public const string UnsupportedEncoding = "unsupported_encoding";
}
