using System.ComponentModel.DataAnnotations;

namespace LlmObserve.IngestApi.Ingest;

/// <summary>Limits on what a collector may post. Section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The gzip body as sent; larger requests get 413 before they are read.</summary>
    [Range(1024, 1L << 30)]
    public long MaxCompressedBytes { get; set; } = 8L << 20;

    /// <summary>The JSON after decompression; a compression bomb stops here with 413.</summary>
    [Range(1024, 1L << 30)]
    public long MaxDecompressedBytes { get; set; } = 32L << 20;

    [Range(1, 100_000)]
    public int MaxExchangesPerBatch { get; set; } = 2000;

    /// <summary>Per request or response body, in characters (collectors cap bodies at 1 MiB by default).</summary>
    [Range(1, 1 << 30)]
    public int MaxBodyChars { get; set; } = 4 << 20;

    /// <summary>
    /// A batch goes to the broker in messages of about this many body characters at most, so
    /// messages stay well under a broker's size limit (RabbitMQ 4 defaults to 16 MiB).
    /// </summary>
    [Range(1024, 1 << 30)]
    public int MessageBodyCharsTarget { get; set; } = 4 << 20;

    /// <summary>How long to wait for the broker's confirmation before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
