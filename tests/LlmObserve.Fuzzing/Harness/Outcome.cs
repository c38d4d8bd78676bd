namespace LlmObserve.Fuzzing.Harness;

/// <summary>What kind of problem an input caused.</summary>
public enum ProblemKind
{
    /// <summary>An exception the production caller does not catch, one swallowed by a catch-all safety net, or a broken invariant.</summary>
    Crash,

    /// <summary>The input ran longer than the per-input time limit.</summary>
    Hang,

    /// <summary>The input allocated more than the target's bound.</summary>
    BlowUp,
}

/// <summary>One problem input, saved as a regression.</summary>
/// <param name="Detail">What happened, in one line (exception type and message and top frame; time; bytes).</param>
/// <param name="SavedAt">The regression file, or null when it was not saved.</param>
public sealed record Problem(string Target, ProblemKind Kind, string Detail, byte[] Input, string? SavedAt);

/// <summary>The result of one input: its feature, the drop reasons it hit (one bit each), what it cost, and its problem (null when none).</summary>
public readonly record struct Outcome(ulong Feature, ulong DropReasons, long AllocatedBytes, TimeSpan Elapsed, ProblemKind? Kind, string? Detail)
{
    /// <summary>
    /// The features the corpus is grown by: the target's outcome, and each drop reason on its own (so a reason is
    /// new once, not once per combination with every other outcome).
    /// </summary>
    public IEnumerable<ulong> Features()
    {
        yield return Feature;
        for (var bit = 0; bit < 64; bit++)
        {
            if ((DropReasons & (1UL << bit)) != 0)
            {
                yield return 0xD509_0000_0000_0000UL | (uint)bit;
            }
        }
    }
}

/// <summary>Thrown by a target when the parser's output breaks a property it promises (e.g. decoded size within the cap).</summary>
public sealed class InvariantViolatedException : Exception
{
    public InvariantViolatedException()
    {
    }

    public InvariantViolatedException(string message)
        : base(message)
    {
    }

    public InvariantViolatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
