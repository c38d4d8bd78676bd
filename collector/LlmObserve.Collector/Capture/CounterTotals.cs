using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LlmObserve.Collector.Pipeline;

namespace LlmObserve.Collector.Capture;

/// <summary>
/// Sums the collector's <see cref="CollectorMetrics"/> counters by stage and reason
/// (<c>dropped.&lt;stage&gt;.&lt;reason&gt;</c>, <c>processed.&lt;stage&gt;.&lt;what&gt;</c>) for heartbeats and logs.
/// </summary>
public sealed class CounterTotals : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public CounterTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CollectorMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_totals, StringComparer.Ordinal);

    public long Get(string key) => _totals.GetValueOrDefault(key);

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var prefix = instrument.Name == CollectorMetrics.DroppedInstrument ? "dropped" : "processed";
        string? stage = null, reason = null;
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

        _totals.AddOrUpdate($"{prefix}.{stage}.{reason}", value, (_, total) => total + value);
    }
}
