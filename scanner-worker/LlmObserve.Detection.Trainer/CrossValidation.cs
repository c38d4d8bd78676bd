using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Trainer;

/// <summary>
/// Leave-one-source-out: for each source S, train on every other source and score S's rows. Templates and task
/// styles cluster by source, so this, not a random split, estimates how the detectors do on data of a kind
/// they were not trained on.
/// </summary>
internal static class CrossValidation
{
    public static void LeaveOneSourceOut(IReadOnlyList<TrainingRow> rows, List<WindowExample>[] perRow, TrainerSettings settings)
    {
        var sources = rows.Select(r => r.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var detectors = new List<SourceReport>();
        var classifierOnly = new List<SourceReport>();
        foreach (var source in sources)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => rows[i].Source != source).ToList();
            var (weights, bias) = LogisticTrainer.Train(perRow, train, settings);
            var model = PromptClassifierModel.Quantize(settings.HashBits, settings.WindowSize, settings.WindowStride, bias, weights);
            var classifier = new PromptClassifier(model);
            var heldOut = rows.Where(r => r.Source == source).ToList();
            detectors.AddRange(Evaluation.BySource(heldOut, Evaluation.Detectors(classifier)));
            classifierOnly.AddRange(Evaluation.BySource(heldOut, Evaluation.ClassifierOnly(classifier)));
            Console.WriteLine($"  fold without {Evaluation.Short(source)}: trained on {train.Count} rows");
        }

        Evaluation.Print("Leave-one-source-out, detectors (phrases + classifier) at the default threshold:", detectors);
        Evaluation.Print("Leave-one-source-out, classifier alone at a raw p >= 0.5 (the detectors ask p >= 0.88 of it alone):", classifierOnly);

        // The phrase rules are not trained, so one pass over every row is their held-out figure (though they
        // were written by people who had read the data).
        var noClassifier = new PromptClassifier(new PromptClassifierModel(8, settings.WindowSize, settings.WindowStride, -30f, 1f, new sbyte[256]));
        Evaluation.Print("Phrases alone (no classifier) at the default threshold:", Evaluation.BySource(rows, Evaluation.Detectors(noClassifier)));
    }
}
