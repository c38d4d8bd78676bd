using System.Collections.Concurrent;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>Kinds of <see cref="CostAnomalyDetector"/> signals.</summary>
public static class CostAnomalyKinds
{
    /// <summary>Far more tokens than this workload's calls usually use.</summary>
    public const string TokenSpike = "token_spike";
}

/// <summary>
/// Token usage out of line with the workload's own history: an exponentially weighted mean and variance of
/// total tokens per workload (namespace/pod, else executable), and a signal when a call exceeds both
/// mean + 4 standard deviations and 3 × the mean, once the workload has a baseline of
/// <see cref="MinimumHistory"/> calls. The baseline lives in this process (one per scanner worker), is
/// bounded to <see cref="MaxWorkloads"/> workloads, and starts over on restart. Absolute limits ("more than
/// 100k tokens") are for rules: <c>llm.tokens.total &gt; 100000</c>.
/// </summary>
public sealed class CostAnomalyDetector : IDetector
{
    public const int MinimumHistory = 20;
    public const int MaxWorkloads = 100_000;
    private const double Alpha = 0.05;

    private readonly ConcurrentDictionary<string, Baseline> _baselines = new(StringComparer.Ordinal);

    public string Name => DetectorNames.CostAnomaly;

    public void Detect(ScanSubject subject, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signals);
        if (subject.Conversation.Usage?.Total is not { } total || total <= 0)
        {
            return;
        }

        var key = $"{subject.Context.Workload}\n{subject.Conversation.Model}";
        if (!_baselines.TryGetValue(key, out var baseline))
        {
            if (_baselines.Count >= MaxWorkloads)
            {
                _baselines.Clear();
            }

            baseline = _baselines.GetOrAdd(key, _ => new Baseline());
        }

        var (count, mean, deviation) = baseline.Observe(total);
        if (count > MinimumHistory && total > mean + (4 * deviation) && total > 3 * mean)
        {
            var ratio = total / Math.Max(1.0, mean);
            signals.Add(new Signal(Name, CostAnomalyKinds.TokenSpike, Math.Round(Math.Min(0.99, 0.5 + (ratio / 40)), 3), null, 0, 0,
                FormattableString.Invariant($"{total} tokens, {ratio:0.#}x the usual {mean:0} for {subject.Context.Workload}")));
        }
    }

    private sealed class Baseline
    {
        private readonly Lock _lock = new();
        private long _count;
        private double _mean;
        private double _variance;

        /// <summary>Returns the baseline before this observation, then folds it in.</summary>
        public (long Count, double Mean, double Deviation) Observe(long total)
        {
            lock (_lock)
            {
                var before = (_count, _mean, Math.Sqrt(_variance));
                _count++;
                if (_count == 1)
                {
                    _mean = total;
                    return before;
                }

                // A spike is judged against the baseline, then folded in damped so one outlier does not move it far.
                var diff = Math.Min(total - _mean, 3 * Math.Max(_mean, 1));
                _mean += Alpha * diff;
                _variance = (1 - Alpha) * (_variance + (Alpha * diff * diff));
                return before;
            }
        }
    }
}
