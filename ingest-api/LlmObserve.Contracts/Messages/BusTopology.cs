namespace LlmObserve.Contracts.Messages;

/// <summary>Broker names both sides must agree on.</summary>
public static class BusTopology
{
    /// <summary>
    /// The durable quorum queue scanner workers compete on. ingest-api declares and binds it too,
    /// so a batch accepted before any worker ever started is kept, not dropped by the broker.
    /// </summary>
    public const string ScanQueue = "llmobserve-scan-exchanges";
}
