namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Skips the bytes of one direction while it looks for a message start after a loss (or in a stream not
/// seen from its beginning), and tells when to stop looking: after too many bytes, or when the first
/// message found shows the process is the server.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class ResyncScanner(long maxSkippedBytes)
{
    private long _skipped;

    public void Restart() => _skipped = 0;

    /// <summary>Skips a piece that does not start the expected message; returns why to give up, or null.</summary>
    /// <param name="messages">Messages this direction has read so far.</param>
    public string? Skip(ReadOnlySpan<byte> data, bool chunkStart, int messages)
    {
        // A client never reads requests nor writes responses: the opposite kind of message says we are the server.
        var start = chunkStart ? HttpSniffer.Classify(data) : MessageStart.Other;
        if (messages == 0 && start is MessageStart.Request or MessageStart.Response)
        {
            return DropReasons.ServerSide;
        }

        _skipped += data.Length;
        CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.Resync, data.Length);
        return _skipped > maxSkippedBytes ? DropReasons.NoSync : null;
    }
}
