using System.Globalization;
using LlmObserve.Fuzzing.Harness;
using LlmObserve.Fuzzing.Targets;
using LlmObserve.Testing.Results;

namespace LlmObserve.Fuzzing;

/// <summary>The <c>run</c> command: fuzzes the targets one after the other and reports.</summary>
public static class FuzzCommand
{
    private const long TargetInputs = 10_000_000;

    /// <returns>0 when no problem was found, 1 otherwise, 2 for an unknown target.</returns>
    public static int Run(string targetName, long inputs, double? seconds, int seed, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var all = targetName == "all";
        var targets = all ? FuzzTargets.All : FuzzTargets.Find(targetName) is { } one ? [one] : [];
        if (targets.Count == 0)
        {
            output.WriteLine($"Unknown target '{targetName}'; known: all, {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}.");
            return 2;
        }

        var budget = seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{inputs:N0} inputs or {s:F0} s") : $"{inputs:N0} inputs";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fuzzing {targets.Count} target(s), seed {seed}, {budget} per target."));
        var reports = new List<FuzzReport>();
        foreach (var target in targets)
        {
            var seeds = CorpusStore.Seeds(target.Name);
            output.WriteLine($"{target.Name}: {target.Parser}; {seeds.Count} seeds");
            var options = new FuzzOptions(inputs, seconds is { } d ? TimeSpan.FromSeconds(d) : null, seed,
                RegressionDirectory: RegressionStore.SourceDirectory, Progress: output);
            var report = new Fuzzer(target, options).Run(seeds);
            reports.Add(report);
            output.WriteLine("done: " + report.Line());
        }

        output.WriteLine();
        foreach (var report in reports)
        {
            output.WriteLine(report.Line());
        }

        var problems = reports.Sum(r => r.Problems.Count);
        var path = (all ? Result(reports, inputs, seconds, seed) : Merged(reports, inputs, seconds, seed)).Save();
        output.WriteLine($"Saved {path}");

        output.WriteLine(problems == 0 ? "No problems found." : $"{problems} problem(s) found; inputs saved under {RegressionStore.SourceDirectory}.");
        return problems == 0 ? 0 : 1;
    }

    /// <returns>0 when every input ran clean, 1 otherwise, 2 for an unknown target.</returns>
    public static int Replay(string targetName, IEnumerable<FileInfo> files, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        if (FuzzTargets.Find(targetName) is not { } target)
        {
            output.WriteLine($"Unknown target '{targetName}'.");
            return 2;
        }

        var problems = 0;
        foreach (var file in files)
        {
            var outcome = InputRunner.Execute(target, File.ReadAllBytes(file.FullName), new FuzzOptions(1).InputTimeLimit);
            problems += outcome.Kind is null ? 0 : 1;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file.Name}: {(outcome.Kind?.ToString() ?? "ok")}, {outcome.Elapsed.TotalMilliseconds:F1} ms, {outcome.AllocatedBytes:N0} bytes allocated{(outcome.Detail is null ? string.Empty : ": " + outcome.Detail)}"));
        }

        return problems == 0 ? 0 : 1;
    }

    private static RunResult Result(List<FuzzReport> reports, long inputs, double? seconds, int seed)
    {
        var command = "dotnet run -c Release --project tests/LlmObserve.Fuzzing -- run --target all"
            + string.Create(CultureInfo.InvariantCulture, $" --inputs {inputs} --seed {seed}")
            + (seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $" --seconds {s}") : string.Empty);
        var figures = reports.Select(r => Figure(r, seconds)).ToList();
        var summary = reports.Select(r => r.Line()).Prepend(
            "Outcome-guided fuzzing of every parser that sees untrusted bytes, one target after the other on one worker thread; " +
            "each input watched for escaped or swallowed exceptions, time (2 s limit) and bytes allocated.").ToList();
        return new RunResult("fuzz", "Parser fuzzing", command, DateTimeOffset.UtcNow, RunResult.ThisMachine(),
            figures.All(f => f.Met == true), summary, figures, []);
    }

    /// <summary>
    /// A run of some targets alone replaces their rows in the saved all-targets result (and says so), so a
    /// target fixed or re-run after the full run shows its latest figures.
    /// </summary>
    private static RunResult Merged(List<FuzzReport> reports, long inputs, double? seconds, int seed)
    {
        var saved = RunResult.LoadAll().FirstOrDefault(r => r.Name == "fuzz");
        if (saved is null)
        {
            return Result(reports, inputs, seconds, seed);
        }

        var figures = saved.Figures.ToList();
        var summary = saved.Summary.ToList();
        foreach (var report in reports)
        {
            var figure = Figure(report, seconds);
            var at = figures.FindIndex(f => f.Name == figure.Name);
            if (at < 0)
            {
                figures.Add(figure);
            }
            else
            {
                figures[at] = figure;
            }

            summary.RemoveAll(line => line.StartsWith(report.Target + " ", StringComparison.Ordinal));
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"{report.Line()}  (re-run alone {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, seed {seed}{(seconds is { } s ? $", {s:F0} s budget" : string.Empty)})"));
        }

        return saved with { Date = DateTimeOffset.UtcNow, Passed = figures.All(f => f.Met == true), Summary = summary, Figures = figures };
    }

    /// <summary>A target's figure: met when nothing was found and it ran 10 million inputs, or its whole time budget.</summary>
    private static Figure Figure(FuzzReport report, double? seconds)
    {
        var wholeBudget = seconds is { } s && report.Elapsed.TotalSeconds >= s * 0.99;
        return new Figure(
            $"{report.Target} inputs",
            report.Inputs,
            "inputs",
            seconds is { } budget
                ? string.Create(CultureInfo.InvariantCulture, $">= 10,000,000 inputs or the whole {budget:F0} s budget, no crash/hang/blow-up")
                : ">= 10,000,000 inputs, no crash/hang/blow-up",
            (report.Inputs >= TargetInputs || wholeBudget) && report.Problems.Count == 0,
            "issue 8");
    }
}
