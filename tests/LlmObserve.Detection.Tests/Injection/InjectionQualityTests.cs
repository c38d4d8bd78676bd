using LlmObserve.Detection.Detectors;
using LlmObserve.Testing.Quality;

namespace LlmObserve.Detection.Tests.Injection;

/// <summary>
/// The acceptance figures on the development set (the repository copy the trainer reads): per source, how many
/// rows were flagged (either detector at its default threshold), precision, recall and the benign false-positive
/// rate; harmful rows are counted when flagged but are neither positives nor benign. The tally is
/// <see cref="InjectionQuality"/>, the code the benchmark report's <c>detection-quality</c> figures come from.
/// </summary>
/// <remarks>
/// The shipped classifier was trained on these rows, so its figures here are in-sample and flatter it. The table
/// of the phrases alone (no classifier) is not trained on them; the honest estimate for unseen data is the
/// trainer's leave-one-source-out report (scanner-worker/LlmObserve.Detection.Trainer/README.md).
/// </remarks>
public sealed class InjectionQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void DevSet_ShippedDetectors_MeetRecallAndFalsePositiveTargets()
    {
        var rows = QualityData.Load(QualityData.DevSetFile);
        Assert.True(rows.Count > 1000, $"only {rows.Count} rows");

        var shipped = InjectionQuality.Tally(rows, new InjectionDetector(), new JailbreakDetector());
        Print("Shipped detectors (phrases + classifier; the classifier is in-sample here):", shipped);
        var phrasesOnly = InjectionQuality.PhrasesOnlyClassifier();
        Print("Phrases alone (no classifier; not trained on these rows):", InjectionQuality.Tally(rows, new InjectionDetector(phrasesOnly), new JailbreakDetector(phrasesOnly)));
        Print("For unseen-data estimates see the trainer's leave-one-source-out report (Trainer/README.md).", []);

        var all = SourceTally.Total(shipped);
        Assert.True(all.Recall >= InjectionQuality.MinRecall, $"recall {all.Recall:0.000}");
        Assert.True(all.BenignFpr <= InjectionQuality.MaxBenignFpr, $"benign FPR {all.BenignFpr:0.000}");
        Assert.All(shipped.Where(s => s.Benign > 0), s => Assert.True(s.BenignFpr <= InjectionQuality.MaxBenignFpr, $"{s.Source}: benign FPR {s.BenignFpr:0.000}"));
    }

    private void Print(string title, IReadOnlyCollection<SourceTally> tallies)
    {
        var lines = new List<string> { "", title };
        if (tallies.Count > 0)
        {
            lines.AddRange(InjectionQuality.Table(tallies).Select(l => "  " + l));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }
    }
}
