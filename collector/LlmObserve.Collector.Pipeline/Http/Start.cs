namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>Where reading a stream starts.</summary>
internal enum Start
{
    /// <summary>At a message start somewhere in the stream (never announced: opened before the collector, or evicted).</summary>
    Unknown,

    /// <summary>At the stream's first byte (announced after the collector had run for its join window).</summary>
    First,

    /// <summary>
    /// At the first byte, or in the middle of a message of a stream that predates the collector: bytes that
    /// start no message are skipped to the next message start instead of condemning the stream.
    /// </summary>
    MaybeJoined,
}
