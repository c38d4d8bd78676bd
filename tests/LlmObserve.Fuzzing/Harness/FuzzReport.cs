using System.Globalization;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>How one target's run went.</summary>
/// <param name="Inputs">Inputs run, seeds included.</param>
/// <param name="CorpusSize">Seeds plus the inputs kept for a new outcome.</param>
/// <param name="Features">Distinct outcome features seen.</param>
/// <param name="MaxAllocatedBytes">The most one input allocated.</param>
/// <param name="SlowestInput">The longest one input took.</param>
public sealed record FuzzReport(
    string Target,
    long Inputs,
    TimeSpan Elapsed,
    int CorpusSize,
    int Features,
    long MaxAllocatedBytes,
    TimeSpan SlowestInput,
    IReadOnlyList<Problem> Problems)
{
    public double InputsPerSecond => Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0;

    public int Count(ProblemKind kind) => Problems.Count(p => p.Kind == kind);

    /// <summary>One line, as the command prints it.</summary>
    public string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Target,-16} inputs {Inputs,12:N0}  {InputsPerSecond,9:N0}/s  {Elapsed.TotalSeconds,6:F0} s  corpus {CorpusSize,6:N0}  features {Features,6:N0}  " +
        $"max alloc {MaxAllocatedBytes / 1024.0 / 1024.0,6:F1} MiB  slowest {SlowestInput.TotalMilliseconds,6:F0} ms  " +
        $"crashes {Count(ProblemKind.Crash)}  hangs {Count(ProblemKind.Hang)}  blow-ups {Count(ProblemKind.BlowUp)}");
}

/// <summary>How long and how a target is fuzzed.</summary>
/// <param name="Inputs">Stop after this many inputs (seeds included).</param>
/// <param name="Duration">Or stop after this long, whichever comes first (null: no time limit).</param>
/// <param name="Seed">The seed of every random choice: the same seed and input budget give the same inputs.</param>
/// <param name="TimeLimit">One input running longer than this is a hang.</param>
/// <param name="RegressionDirectory">Where problem inputs are saved as <c>&lt;target&gt;/&lt;sha1&gt;.bin</c> (null: not saved).</param>
/// <param name="Progress">Where a progress line goes every <paramref name="ProgressInterval"/> (null: nowhere).</param>
/// <param name="MaxProblems">Stop the target after this many problems.</param>
public sealed record FuzzOptions(
    long Inputs,
    TimeSpan? Duration = null,
    int Seed = 20261121,
    TimeSpan? TimeLimit = null,
    string? RegressionDirectory = null,
    TextWriter? Progress = null,
    TimeSpan? ProgressInterval = null,
    int MaxProblems = 10)
{
    public TimeSpan InputTimeLimit => TimeLimit ?? TimeSpan.FromSeconds(2);
}
