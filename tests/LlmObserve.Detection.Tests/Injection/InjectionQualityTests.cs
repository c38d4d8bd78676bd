using System.Globalization;
using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Tests.Injection;

/// <summary>
/// The acceptance figures on the development set (the repository copy the trainer reads): per source, how many
/// rows were flagged (either detector at its default threshold), precision, recall and the benign false-positive
/// rate; harmful rows are counted when flagged but are neither positives nor benign.
/// </summary>
/// <remarks>
/// The shipped classifier was trained on these rows, so its figures here are in-sample and flatter it. The table
/// of the phrases alone (no classifier) is not trained on them; the honest estimate for unseen data is the
/// trainer's leave-one-source-out report (scanner-worker/LlmObserve.Detection.Trainer/README.md).
/// </remarks>
public sealed class InjectionQualityTests(ITestOutputHelper output)
{
    private const double MinRecall = 0.90;
    private const double MaxBenignFpr = 0.02;

    [Fact]
    public void DevSet_ShippedDetectors_MeetRecallAndFalsePositiveTargets()
    {
        var rows = QualityData.Load(QualityData.DevSetFile);
        Assert.True(rows.Count > 1000, $"only {rows.Count} rows");

        var shipped = Tally(rows, new InjectionDetector(), new JailbreakDetector());
        Print("Shipped detectors (phrases + classifier; the classifier is in-sample here):", shipped);
        var phrasesOnly = new PromptClassifier(new PromptClassifierModel(8, 48, 16, -30f, 1f, new sbyte[256]));
        Print("Phrases alone (no classifier; not trained on these rows):", Tally(rows, new InjectionDetector(phrasesOnly), new JailbreakDetector(phrasesOnly)));
        Print("For unseen-data estimates see the trainer's leave-one-source-out report (Trainer/README.md).", []);

        var all = SourceTally.Total(shipped);
        Assert.True(all.Recall >= MinRecall, $"recall {all.Recall:0.000}");
        Assert.True(all.BenignFpr <= MaxBenignFpr, $"benign FPR {all.BenignFpr:0.000}");
        Assert.All(shipped.Where(s => s.Benign > 0), s => Assert.True(s.BenignFpr <= MaxBenignFpr, $"{s.Source}: benign FPR {s.BenignFpr:0.000}"));
    }

    private static List<SourceTally> Tally(IReadOnlyList<QualityRow> rows, InjectionDetector injection, JailbreakDetector jailbreak) =>
        [.. rows.GroupBy(r => r.Source, StringComparer.Ordinal).Select(g =>
        {
            var verdicts = g.Select(r =>
            {
                var signals = new List<Signal>();
                injection.DetectText(r.Text, TextFields.Prompt, signals);
                jailbreak.DetectText(r.Text, TextFields.Prompt, signals);
                return (r.Label, Flagged: InjectionTestScans.Flagged(signals));
            }).ToList();
            return new SourceTally(
                g.Key,
                verdicts.Count,
                verdicts.Count(v => v.Label == "injection"),
                verdicts.Count(v => v.Label == "benign"),
                verdicts.Count(v => v.Label == "harmful"),
                verdicts.Count(v => v.Label == "injection" && v.Flagged),
                verdicts.Count(v => v.Label == "benign" && v.Flagged),
                verdicts.Count(v => v.Label == "harmful" && v.Flagged));
        })];

    private void Print(string title, IReadOnlyCollection<SourceTally> tallies)
    {
        var lines = new List<string> { "", title };
        if (tallies.Count > 0)
        {
            lines.Add($"  {"source",-34} {"rows",5} {"flagged",7} {"precision",9} {"recall",7} {"benignFPR",9} {"harmful flagged",15}");
            lines.AddRange(tallies.Append(SourceTally.Total(tallies)).Select(t => string.Create(
                CultureInfo.InvariantCulture,
                $"  {t.Source.Split(' ')[0],-34} {t.Rows,5} {t.Caught + t.FalseAlarms + t.HarmfulFlagged,7} {Format(t.Precision),9} {Format(t.Recall),7} {Format(t.BenignFpr),9} {t.HarmfulFlagged + "/" + t.Harmful,15}")));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private sealed record SourceTally(string Source, int Rows, int Attacks, int Benign, int Harmful, int Caught, int FalseAlarms, int HarmfulFlagged)
    {
        public double? Precision => Caught + FalseAlarms == 0 ? null : (double)Caught / (Caught + FalseAlarms);

        public double? Recall => Attacks == 0 ? null : (double)Caught / Attacks;

        public double? BenignFpr => Benign == 0 ? null : (double)FalseAlarms / Benign;

        public static SourceTally Total(IReadOnlyCollection<SourceTally> all) => new(
            "ALL", all.Sum(t => t.Rows), all.Sum(t => t.Attacks), all.Sum(t => t.Benign), all.Sum(t => t.Harmful),
            all.Sum(t => t.Caught), all.Sum(t => t.FalseAlarms), all.Sum(t => t.HarmfulFlagged));
    }
}
