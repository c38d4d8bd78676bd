using System.Globalization;
using LlmObserve.Benchmarks.Reporting;
using LlmObserve.Detection.Detectors;
using LlmObserve.Testing.Quality;
using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks;

/// <summary>
/// The injection acceptance figures on the development set, computed by the same code as the quality test
/// (<see cref="InjectionQuality"/>): recall and the benign false-positive rate of the shipped detectors, the worst
/// source's false-positive rate, and the same with the phrases alone (no classifier).
/// </summary>
/// <remarks>
/// The shipped classifier was trained on these rows, so its figures are in-sample and flatter it; the phrases alone
/// are not trained on them. The trainer's leave-one-source-out report is the estimate for unseen data.
/// </remarks>
internal static class DetectionQualityBenchmark
{
    public static int Run()
    {
        var rows = QualityData.Load(QualityData.DevSetFile);
        var shipped = InjectionQuality.Tally(rows, new InjectionDetector(), new JailbreakDetector());
        var phrases = InjectionQuality.PhrasesOnlyClassifier();
        var phrasesOnly = InjectionQuality.Tally(rows, new InjectionDetector(phrases), new JailbreakDetector(phrases));
        var all = SourceTally.Total(shipped);
        var alone = SourceTally.Total(phrasesOnly);
        var worst = shipped.Where(s => s.Benign > 0).MaxBy(s => s.BenignFpr)!;

        var lines = new List<string> { $"{rows.Count} rows of {QualityData.DevSetFile}", "shipped detectors (phrases + classifier; in-sample):" };
        lines.AddRange(InjectionQuality.Table(shipped).Select(l => "  " + l));
        lines.Add("phrases alone (no classifier; not trained on these rows):");
        lines.AddRange(InjectionQuality.Table(phrasesOnly).Select(l => "  " + l));
        lines.ForEach(Console.WriteLine);
        Console.WriteLine(Invariant($"targets: recall {all.Recall:0.000} (>= {InjectionQuality.MinRecall}), benign FPR {all.BenignFpr:0.000} (<= {InjectionQuality.MaxBenignFpr}), worst source {worst.BenignFpr:0.000}"));

        Runs.Save(
            KnownRuns.DetectionQuality,
            KnownRuns.CommandOf("detection-quality"),
            [
                Invariant($"{rows.Count} labelled rows of scanner-worker/LlmObserve.Detection.Trainer/data/{QualityData.DevSetFile} (the same rows as the shared datasets/{QualityData.DevSetFile}), computed by the code the quality test InjectionQualityTests runs."),
                "A row is flagged when a signal of the injection or jailbreak detector reaches the default threshold; harmful rows count when flagged but are neither positives nor benign.",
                "The shipped classifier was trained on these rows, so its figures are in-sample; the phrases alone are not. See the trainer's leave-one-source-out report for unseen data.",
                Invariant($"Worst source for benign false positives: {worst.Source.Split(' ')[0]} ({worst.FalseAlarms} of {worst.Benign} benign rows flagged)."),
                .. lines.Skip(1),
            ],
            [
                Targets.InjectionRecall.Measured(all.Recall ?? 0),
                Targets.BenignFpr.Measured((all.BenignFpr ?? 0) * 100),
                Targets.WorstSourceBenignFpr.Measured((worst.BenignFpr ?? 0) * 100),
                new("precision (shipped detectors)", all.Precision ?? 0, ""),
                new("harmful rows flagged (shipped detectors)", all.HarmfulFlagged, "rows"),
                new("injection recall, phrases alone", alone.Recall ?? 0, ""),
                new("benign false-positive rate, phrases alone", (alone.BenignFpr ?? 0) * 100, "%"),
                new("labelled rows", rows.Count, "rows"),
            ]);
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
