using System.Collections.Frozen;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// A detector predicate. The detector runs on first use through <see cref="ScanSubject.Signals"/> (once per
/// subject), which is why these nodes cost the most and an <c>and</c> evaluates them last. The evidence is
/// the most confident signal that satisfies the predicate.
/// </summary>
internal abstract class DetectorNode(string detector, string? kind) : ConditionNode
{
    public override int Cost => 10;

    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        var signals = subject.Signals(detector);
        Signal? best = null;
        for (var i = 0; i < signals.Count; i++)
        {
            var signal = signals[i];
            if ((kind is null || signal.Kind == kind) && Accepts(signal) && (best is null || signal.Confidence > best.Confidence))
            {
                best = signal;
            }
        }

        if (!Decide(best))
        {
            return false;
        }

        if (best is not null)
        {
            hit = new Hit { Field = best.Field, Signal = best, Start = best.Start, Length = best.Length };
        }

        return true;
    }

    /// <summary>Whether a signal counts for this predicate at all (its kind is one of those listed).</summary>
    protected virtual bool Accepts(Signal signal) => true;

    /// <summary>The predicate's value, given the most confident signal that counts (null when none).</summary>
    protected abstract bool Decide(Signal? best);
}

/// <summary><c>detect.x &gt; 0.8</c>: compares the highest confidence, 0 when there is no signal.</summary>
internal sealed class DetectorConfidenceNode(string detector, string? kind, NumberComparison comparison, double operand)
    : DetectorNode(detector, kind)
{
    protected override bool Decide(Signal? best) => comparison.Compare(best?.Confidence ?? 0, operand);
}

/// <summary><c>detect.x in (kind1, kind2)</c>: a signal of one of those kinds exists.</summary>
internal sealed class DetectorKindNode(string detector, FrozenSet<string> kinds) : DetectorNode(detector, kind: null)
{
    protected override bool Accepts(Signal signal) => kinds.Contains(signal.Kind);

    protected override bool Decide(Signal? best) => best is not null;
}

/// <summary><c>detect.x exists</c>: any signal (of the kind, for <c>detect.x.kind exists</c>).</summary>
internal sealed class DetectorExistsNode(string detector, string? kind) : DetectorNode(detector, kind)
{
    protected override bool Decide(Signal? best) => best is not null;
}
