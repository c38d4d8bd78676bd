using System.Diagnostics.Metrics;

namespace LlmObserve.Collector.Pipeline;

/// <summary>
/// The collector's counters, one <see cref="Meter"/> for every stage. Nothing is dropped silently:
/// every drop is counted with the stage and a short reason (<c>snake_case</c>), and the host reports
/// the totals in its heartbeats as <c>dropped.&lt;stage&gt;.&lt;reason&gt;</c>.
/// </summary>
public static class CollectorMetrics
{
    public const string MeterName = "LlmObserve.Collector";
    public const string DroppedInstrument = "llmobserve.collector.dropped";
    public const string ProcessedInstrument = "llmobserve.collector.processed";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> DroppedCounter = Meter.CreateCounter<long>(DroppedInstrument, description: "Items dropped, by stage and reason.");
    private static readonly Counter<long> ProcessedCounter = Meter.CreateCounter<long>(ProcessedInstrument, description: "Items that passed a stage.");

    /// <summary>Counts <paramref name="count"/> items (chunks, bytes, exchanges …) dropped at a stage for a reason.</summary>
    public static void Dropped(string stage, string reason, long count = 1) =>
        DroppedCounter.Add(count, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts items that passed a stage, e.g. <c>("shipping", "exchanges")</c>.</summary>
    public static void Processed(string stage, string what, long count = 1) =>
        ProcessedCounter.Add(count, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("what", what));
}
