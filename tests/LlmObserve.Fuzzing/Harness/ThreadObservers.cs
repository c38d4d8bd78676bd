using System.Diagnostics.Metrics;
using LlmObserve.Collector.Pipeline;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// What the running thread saw during one input, beyond the entry point's return: every exception thrown
/// (first chance, so also those a catch-all swallowed) and the collector's drop counters by stage and reason.
/// </summary>
/// <remarks>
/// Both sources are process-wide (an AppDomain event, a <see cref="MeterListener"/>); recording is per thread, so
/// targets fuzzed on other threads at the same time (parallel tests) do not mix.
/// </remarks>
internal static class ThreadObservers
{
    private const int MaxExceptions = 8;

    [ThreadStatic]
    private static List<Exception>? _exceptions;

    [ThreadStatic]
    private static ulong _drops;

    [ThreadStatic]
    private static bool _recording;

    private static readonly MeterListener Listener = CreateListener();

    static ThreadObservers()
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (_recording && _exceptions is { Count: < MaxExceptions } list)
            {
                list.Add(e.Exception);
            }
        };
    }

    /// <summary>Starts recording on this thread.</summary>
    public static void Begin()
    {
        GC.KeepAlive(Listener);
        (_exceptions ??= []).Clear();
        _drops = 0;
        _recording = true;
    }

    /// <summary>Stops recording; returns the exceptions thrown and the set of drop reasons counted (one bit per reason).</summary>
    public static (IReadOnlyList<Exception> Exceptions, ulong Drops) End()
    {
        _recording = false;
        return (_exceptions ?? [], _drops);
    }

    private static MeterListener CreateListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CollectorMetrics.MeterName && instrument.Name == CollectorMetrics.DroppedInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (!_recording)
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    // A set of reasons (one bit each), not a sequence: how often a reason was counted is no new behaviour.
                    _drops |= 1UL << (int)(new FeatureHash().Add(tag.Value as string).Value % 64);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
