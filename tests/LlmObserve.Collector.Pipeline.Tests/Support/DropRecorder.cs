using System.Diagnostics.Metrics;

namespace LlmObserve.Collector.Pipeline.Tests.Support;

/// <summary>
/// Counts what <see cref="CollectorMetrics"/> records during one test. The listener is process-wide, so
/// measurements are routed by an AsyncLocal to the recorder of the test that made them: tests running in
/// parallel do not see each other's drops.
/// </summary>
internal sealed class DropRecorder : IDisposable
{
    private static readonly AsyncLocal<DropRecorder?> Current = new();
    private static readonly MeterListener Listener = CreateListener();

    private readonly Dictionary<(string Instrument, string Stage, string Reason), long> _counts = [];

    private DropRecorder()
    {
    }

    public static DropRecorder Start()
    {
        _ = Listener;
        var recorder = new DropRecorder();
        Current.Value = recorder;
        return recorder;
    }

    /// <summary>Total dropped at <paramref name="stage"/> for <paramref name="reason"/>.</summary>
    public long Dropped(string stage, string reason) => Get(CollectorMetrics.DroppedInstrument, stage, reason);

    public long Processed(string stage, string what) => Get(CollectorMetrics.ProcessedInstrument, stage, what);

    /// <summary>Every drop recorded, as "stage/reason" keys (for assertion messages).</summary>
    public IReadOnlyDictionary<string, long> AllDrops => _counts
        .Where(c => c.Key.Instrument == CollectorMetrics.DroppedInstrument)
        .ToDictionary(c => $"{c.Key.Stage}/{c.Key.Reason}", c => c.Value, StringComparer.Ordinal);

    public void Dispose() => Current.Value = null;

    private long Get(string instrument, string stage, string reason) => _counts.GetValueOrDefault((instrument, stage, reason));

    private static MeterListener CreateListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CollectorMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Current.Value is not { } recorder)
            {
                return;
            }

            string? stage = null;
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "stage")
                {
                    stage = tag.Value as string;
                }
                else
                {
                    reason = tag.Value as string;
                }
            }

            var key = (instrument.Name, stage ?? "", reason ?? "");
            recorder._counts[key] = recorder._counts.GetValueOrDefault(key) + value;
        });
        listener.Start();
        return listener;
    }
}
