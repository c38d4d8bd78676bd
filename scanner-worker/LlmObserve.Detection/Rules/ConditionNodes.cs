using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// The evidence of the leaf that made a condition true: a span of a text field, or a detector's signal.
/// A struct passed by reference, so evaluating a condition allocates nothing until a rule matches.
/// </summary>
internal struct Hit
{
    public string? Field;
    public string? Text;
    public int Start;
    public int Length;
    public Signal? Signal;

    public readonly bool IsEmpty => Field is null && Signal is null;

    public static Hit Span(string field, string text, int start, int length) =>
        new() { Field = field, Text = text, Start = start, Length = length };

    /// <summary>Keeps the better of two pieces of evidence: a signal (the most confident) over a text span, else the first.</summary>
    public void Prefer(in Hit other)
    {
        if (other.Signal is not null && (Signal is null || other.Signal.Confidence > Signal.Confidence))
        {
            this = other;
        }
        else if (IsEmpty)
        {
            this = other;
        }
    }
}

/// <summary>
/// A compiled condition. Immutable and shared by every evaluation, on any thread; <see cref="Eval"/> never
/// throws and fills <paramref name="hit"/> only when it returns true.
/// </summary>
internal abstract class ConditionNode
{
    /// <summary>Relative cost, so that <c>and</c> runs cheap field tests before detectors.</summary>
    public virtual int Cost => 1;

    /// <summary>How deep evaluation recurses through this node (a leaf is 1).</summary>
    public virtual int Depth => 1;

    public abstract bool Eval(ScanSubject subject, ref Hit hit);
}

internal sealed class AndNode(ConditionNode[] operands) : ConditionNode
{
    // Stable order by cost: evaluation has no side effect but cached detector runs, so only speed changes.
    private readonly ConditionNode[] _operands = [.. operands.OrderBy(o => o.Cost)];
    private readonly int _depth = 1 + operands.Max(o => o.Depth);

    public IReadOnlyList<ConditionNode> Operands => _operands;

    public override int Cost => _operands.Sum(o => o.Cost);

    public override int Depth => _depth;

    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        var best = default(Hit);
        foreach (var operand in _operands)
        {
            var part = default(Hit);
            if (!operand.Eval(subject, ref part))
            {
                return false;
            }

            best.Prefer(part);
        }

        hit = best;
        return true;
    }
}

/// <summary>Evaluated in the order written: the first true operand gives the evidence.</summary>
internal sealed class OrNode(ConditionNode[] operands) : ConditionNode
{
    private readonly int _depth = 1 + operands.Max(o => o.Depth);

    public override int Cost => operands.Max(o => o.Cost);

    public override int Depth => _depth;

    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        foreach (var operand in operands)
        {
            if (operand.Eval(subject, ref hit))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A negation: true without evidence, since what made it true is an absence.</summary>
internal sealed class NotNode(ConditionNode operand) : ConditionNode
{
    private readonly int _depth = 1 + operand.Depth;

    public override int Cost => operand.Cost;

    public override int Depth => _depth;

    public override bool Eval(ScanSubject subject, ref Hit hit)
    {
        var ignored = default(Hit);
        return !operand.Eval(subject, ref ignored);
    }
}

/// <summary>Comparisons of numbers, for numeric fields and detector confidences.</summary>
internal enum NumberComparison
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal static class NumberComparisons
{
    public static NumberComparison? Parse(string op) => op switch
    {
        Operators.Equal => NumberComparison.Equal,
        Operators.NotEqual => NumberComparison.NotEqual,
        Operators.Less => NumberComparison.Less,
        Operators.LessOrEqual => NumberComparison.LessOrEqual,
        Operators.Greater => NumberComparison.Greater,
        Operators.GreaterOrEqual => NumberComparison.GreaterOrEqual,
        _ => null,
    };

    public static bool Compare(this NumberComparison comparison, double left, double right) => comparison switch
    {
        NumberComparison.Equal => left == right,
        NumberComparison.NotEqual => left != right,
        NumberComparison.Less => left < right,
        NumberComparison.LessOrEqual => left <= right,
        NumberComparison.Greater => left > right,
        _ => left >= right,
    };
}
