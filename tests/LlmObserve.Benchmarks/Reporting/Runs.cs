using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks.Reporting;

/// <summary>Saves what a benchmark measured as a <see cref="RunResult"/> under <c>docs/results/</c>, for the report.</summary>
internal static class Runs
{
    /// <summary>The first summary line of a run that could not be measured; its figures are empty.</summary>
    public const string NotMeasuredPrefix = "Not measured: ";

    /// <summary>Saves a measured run, dated now on this machine; it passed when no figure missed its target.</summary>
    public static RunResult Save(KnownRun run, string command, IReadOnlyList<string> summary, IReadOnlyList<Figure> figures, IReadOnlyList<Series>? series = null)
    {
        var result = new RunResult(run.Name, run.Title, command, DateTimeOffset.UtcNow, RunResult.ThisMachine(),
            figures.All(f => f.Met != false), [.. summary, Load()], figures, series ?? []);
        Console.WriteLine($"saved {result.Save()}");
        return result;
    }

    /// <summary>Saves a run that could not be measured here, with the reason, so the report says so instead of showing an older figure.</summary>
    public static RunResult SaveNotMeasured(KnownRun run, string reason)
    {
        var result = new RunResult(run.Name, run.Title, run.Command, DateTimeOffset.UtcNow, RunResult.ThisMachine(), Passed: false, [NotMeasuredPrefix + reason], [], []);
        Console.WriteLine($"saved {result.Save()} (not measured: {reason})");
        return result;
    }

    /// <summary>
    /// How busy the machine was: the figures of a shared machine (other builds, tests or services running) are lower
    /// than on a quiet one, and the report should say so beside them.
    /// </summary>
    private static string Load()
    {
        var average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : [];
        return average.Length < 3
            ? "Machine load when saved: unknown (no /proc/loadavg)."
            : $"Machine load when saved: load average {average[0]} (1 min), {average[1]} (5 min) on {Environment.ProcessorCount} cores (a load above the core count means other work competed for the CPU).";
    }

    /// <summary>Whether <paramref name="result"/> was saved by <see cref="SaveNotMeasured"/>.</summary>
    public static bool IsNotMeasured(RunResult result) =>
        result.Figures.Count == 0 && result.Summary.Count > 0 && result.Summary[0].StartsWith(NotMeasuredPrefix, StringComparison.Ordinal);

    /// <summary>The reason a run was not measured (the first summary line without its prefix).</summary>
    public static string NotMeasuredReason(RunResult result) => result.Summary[0][NotMeasuredPrefix.Length..];
}
