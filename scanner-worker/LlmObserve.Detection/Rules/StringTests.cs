using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace LlmObserve.Detection.Rules;

/// <summary>One string operator with its operand, applied to a field's value (or to each element of a list field).</summary>
internal abstract class StringTest
{
    public virtual int Cost => 1;

    /// <summary>True when the test matches; <paramref name="start"/>/<paramref name="length"/> is the matched span when <see cref="GivesSpan"/>.</summary>
    public abstract bool Test(string value, out int start, out int length);

    /// <summary>Whether a match is a span worth showing as evidence (a substring), rather than the whole value.</summary>
    public virtual bool GivesSpan => false;
}

internal sealed class EqualTest(string operand) : StringTest
{
    public override bool Test(string value, out int start, out int length)
    {
        (start, length) = (0, value.Length);
        return string.Equals(value, operand, StringComparison.Ordinal);
    }
}

internal sealed class InTest(FrozenSet<string> operands) : StringTest
{
    public override bool Test(string value, out int start, out int length)
    {
        (start, length) = (0, value.Length);
        return operands.Contains(value);
    }
}

internal sealed class ContainsTest(string operand, StringComparison comparison) : StringTest
{
    public override int Cost => 2;

    public override bool GivesSpan => true;

    public override bool Test(string value, out int start, out int length)
    {
        start = value.IndexOf(operand, comparison);
        length = operand.Length;
        return start >= 0;
    }
}

internal sealed class StartsWithTest(string operand) : StringTest
{
    public override bool GivesSpan => true;

    public override bool Test(string value, out int start, out int length)
    {
        (start, length) = (0, operand.Length);
        return value.StartsWith(operand, StringComparison.Ordinal);
    }
}

internal sealed class EndsWithTest(string operand) : StringTest
{
    public override bool GivesSpan => true;

    public override bool Test(string value, out int start, out int length)
    {
        (start, length) = (value.Length - operand.Length, operand.Length);
        return value.EndsWith(operand, StringComparison.Ordinal);
    }
}

internal sealed class GlobTest(Glob glob) : StringTest
{
    public override int Cost => 2;

    public override bool Test(string value, out int start, out int length)
    {
        (start, length) = (0, value.Length);
        return glob.IsMatch(value);
    }
}

/// <summary>A regular expression that matches anywhere in the value (anchor it with <c>^…$</c> to match all of it).</summary>
internal sealed class RegexTest(Regex regex) : StringTest
{
    public override int Cost => 4;

    public override bool GivesSpan => true;

    public override bool Test(string value, out int start, out int length)
    {
        try
        {
            // EnumerateMatches gives the first match's span without allocating a Match.
            foreach (var match in regex.EnumerateMatches(value))
            {
                (start, length) = (match.Index, match.Length);
                return true;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            RuleDiagnostics.CountRegexTimeout();
        }

        (start, length) = (0, 0);
        return false;
    }
}

/// <summary>Counters of what evaluation swallowed instead of throwing, for the worker's metrics.</summary>
public static class RuleDiagnostics
{
    private static long _regexTimeouts;
    private static long _failedEvaluations;

    /// <summary>Regex matches that hit their time-out (the leaf was taken as false).</summary>
    public static long RegexTimeouts => Interlocked.Read(ref _regexTimeouts);

    /// <summary>Rule evaluations that failed (a detector threw) and were taken as "no match".</summary>
    public static long FailedEvaluations => Interlocked.Read(ref _failedEvaluations);

    internal static void CountRegexTimeout() => Interlocked.Increment(ref _regexTimeouts);

    internal static void CountFailedEvaluation() => Interlocked.Increment(ref _failedEvaluations);
}
