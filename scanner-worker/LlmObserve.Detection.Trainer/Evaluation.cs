using System.Globalization;
using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Trainer;

/// <summary>How one source's rows fared. Harmful rows are neither positives nor benign: only their flags are counted.</summary>
internal sealed record SourceReport(string Source, int Rows, int Attacks, int Benign, int Harmful, int Caught, int FalseAlarms, int HarmfulFlagged)
{
    public double? Precision => Caught + FalseAlarms == 0 ? null : (double)Caught / (Caught + FalseAlarms);

    public double? Recall => Attacks == 0 ? null : (double)Caught / Attacks;

    public double? BenignFpr => Benign == 0 ? null : (double)FalseAlarms / Benign;

    public static SourceReport Total(string name, IReadOnlyCollection<SourceReport> reports) => new(
        name, reports.Sum(r => r.Rows), reports.Sum(r => r.Attacks), reports.Sum(r => r.Benign), reports.Sum(r => r.Harmful),
        reports.Sum(r => r.Caught), reports.Sum(r => r.FalseAlarms), reports.Sum(r => r.HarmfulFlagged));
}

internal static class Evaluation
{
    /// <summary>Scores rows with a verdict per row and tallies them per source.</summary>
    public static List<SourceReport> BySource(IEnumerable<TrainingRow> rows, Func<TrainingRow, bool> flagged) =>
        [.. rows.GroupBy(r => r.Source, StringComparer.Ordinal).Select(g =>
        {
            var verdicts = g.Select(r => (Row: r, Flagged: flagged(r))).ToList();
            return new SourceReport(
                g.Key,
                verdicts.Count,
                verdicts.Count(v => v.Row.IsAttack),
                verdicts.Count(v => v.Row.Label == Labels.Benign),
                verdicts.Count(v => v.Row.Label == Labels.Harmful),
                verdicts.Count(v => v.Row.IsAttack && v.Flagged),
                verdicts.Count(v => v.Row.Label == Labels.Benign && v.Flagged),
                verdicts.Count(v => v.Row.Label == Labels.Harmful && v.Flagged));
        })];

    /// <summary>The shipped verdict: either detector has a signal at or over the default threshold.</summary>
    public static Func<TrainingRow, bool> Detectors(PromptClassifier classifier)
    {
        var injection = new InjectionDetector(classifier);
        var jailbreak = new JailbreakDetector(classifier);
        return row =>
        {
            var signals = new List<Signal>();
            injection.DetectText(row.Text, TextFields.Prompt, signals);
            jailbreak.DetectText(row.Text, TextFields.Prompt, signals);
            return signals.Exists(s => s.Confidence >= InjectionDetector.DefaultThreshold);
        };
    }

    /// <summary>The classifier alone at the default threshold.</summary>
    public static Func<TrainingRow, bool> ClassifierOnly(PromptClassifier classifier) =>
        row => classifier.Score(row.Text).Probability >= InjectionDetector.DefaultThreshold;

    public static void Print(string title, IReadOnlyCollection<SourceReport> reports)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  {"source",-34} {"rows",5} {"attacks",7} {"flagged",7} {"precision",9} {"recall",7} {"benignFPR",9} {"harmful flagged",15}");
        foreach (var r in reports.Append(SourceReport.Total("ALL", reports)))
        {
            var flagged = r.Caught + r.FalseAlarms + r.HarmfulFlagged;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {Short(r.Source),-34} {r.Rows,5} {r.Attacks,7} {flagged,7} {Format(r.Precision),9} {Format(r.Recall),7} {Format(r.BenignFpr),9} {r.HarmfulFlagged + "/" + r.Harmful,15}"));
        }
    }

    /// <summary>The repository part of a source name ("Giskard-AI/prompt-injections prompt_injections.csv" → the first word).</summary>
    public static string Short(string source)
    {
        var space = source.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? source : source[..space];
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
