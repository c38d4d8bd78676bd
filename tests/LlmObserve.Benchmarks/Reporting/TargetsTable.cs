using System.Text;
using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks.Reporting;

/// <summary>
/// The report's "Targets" section: every target of <see cref="Targets.Measured"/> beside its latest measured figure
/// (or why there is none), the targets carried by other runs' figures (faults, soak, fuzz), and the time limits that
/// tests assert.
/// </summary>
internal static class TargetsTable
{
    public static void Write(StringBuilder md, IReadOnlyDictionary<string, RunResult> results)
    {
        md.AppendLine("## Targets").AppendLine()
          .AppendLine("| figure | measured | target | status | source | run date |")
          .AppendLine("|---|---|---|---|---|---|");
        foreach (var target in Targets.Measured)
        {
            md.AppendLine(Row(target, results.GetValueOrDefault(target.Run)));
        }

        var known = Targets.Measured.Select(t => t.Run).ToHashSet(StringComparer.Ordinal);
        foreach (var result in results.Values.Where(r => !known.Contains(r.Name)))
        {
            foreach (var figure in result.Figures.Where(f => f.Target is not null))
            {
                md.AppendLine(Cells($"{figure.Name} ({result.Name})", FigureText.Value(figure), figure.Target!, Status(figure), figure.Source ?? "", FigureText.Date(result.Date)));
            }
        }

        foreach (var (name, what, command) in StressRuns.Where(r => !results.ContainsKey(r.Name)))
        {
            md.AppendLine(Cells(what, "—", "see issue 8", $"not run yet (`{command}`)", "issue 8", "—"));
        }

        md.AppendLine().AppendLine("Time limits asserted by tests on every test run (no benchmark measures them; a failing test fails the build):").AppendLine()
          .AppendLine("| what | limit | asserted by | source |")
          .AppendLine("|---|---|---|---|");
        foreach (var limit in Targets.AssertedByTests)
        {
            md.AppendLine(Cells(limit.What, limit.Limit, limit.Test, limit.Source));
        }

        md.AppendLine();
    }

    /// <summary>Issue 8's runs, made by their own commands; their targets come with their saved figures.</summary>
    private static readonly (string Name, string What, string Command)[] StressRuns =
    [
        ("faults", "fault injection: exchanges lost or duplicated by the backend", "dotnet run -c Release --project tests/LlmObserve.Stress -- faults"),
        ("soak", "soak: memory of every process levels off", "dotnet run -c Release --project tests/LlmObserve.Stress -- soak"),
        ("fuzz", "fuzzing: inputs per parser without a crash, hang or blow-up", "dotnet run -c Release --project tests/LlmObserve.Fuzzing -- run"),
    ];

    private static string Row(Target target, RunResult? result)
    {
        var command = KnownRuns.Benchmarks.First(r => r.Name == target.Run).Command;
        if (result is null)
        {
            return Cells(target.Figure, "—", target.Goal, $"not measured: not run yet (`{command}`)", target.Source, "—");
        }

        if (Runs.IsNotMeasured(result))
        {
            return Cells(target.Figure, "—", target.Goal, "not measured: " + Runs.NotMeasuredReason(result), target.Source, FigureText.Date(result.Date));
        }

        var figure = result.Figures.FirstOrDefault(f => f.Name == target.Figure);
        return figure is null
            ? Cells(target.Figure, "—", target.Goal, $"not measured: the saved result has no such figure; run `{command}` again", target.Source, FigureText.Date(result.Date))
            : Cells(target.Figure, FigureText.Value(figure), figure.Target ?? target.Goal, Status(figure), figure.Source ?? target.Source, FigureText.Date(result.Date));
    }

    private static string Status(Figure figure) => figure.Met switch
    {
        true => "met",
        false => "**NOT met**",
        null => "not judged",
    };

    private static string Cells(params string[] cells) => "| " + string.Join(" | ", cells.Select(FigureText.Cell)) + " |";
}
