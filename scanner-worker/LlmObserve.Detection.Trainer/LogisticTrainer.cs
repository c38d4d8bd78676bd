namespace LlmObserve.Detection.Trainer;

/// <summary>The hyperparameters; the defaults are the ones the shipped model was trained with (see README).</summary>
internal sealed record TrainerSettings
{
    public int HashBits { get; init; } = 17;
    public int WindowSize { get; init; } = 48;
    public int WindowStride { get; init; } = 16;
    public int Epochs { get; init; } = 12;
    public float LearningRate { get; init; } = 0.3f;
    public float L2 { get; init; } = 1e-3f;
    public float PositiveWeight { get; init; } = 0.5f;
    public int Seed { get; init; } = 20240601;
}

/// <summary>
/// L2-regularized logistic regression by AdaGrad SGD, in two rounds. Round one: every window of a text takes its
/// text's label, each weighted 1/√windows so long texts do not drown short ones. Round two (multiple-instance
/// learning): an attack hidden in a long document leaves most of its windows benign, so an attack text keeps
/// only the windows round one scored 0.3 or more (and always its best one). Deterministic for a seed.
/// </summary>
internal static class LogisticTrainer
{
    public static (float[] Weights, float Bias) Train(List<WindowExample>[] perRow, IReadOnlyList<int> rows, TrainerSettings settings)
    {
        SetWeights(perRow, rows, settings, null);
        var (weights, bias) = Fit(perRow, rows, settings);
        SetWeights(perRow, rows, settings, (weights, bias));
        return Fit(perRow, rows, settings);
    }

    public static float Score(WindowExample example, float[] weights, float bias)
    {
        var sum = 0f;
        foreach (var f in example.Features)
        {
            sum += weights[f];
        }

        return bias + (sum * example.Value);
    }

    private static void SetWeights(List<WindowExample>[] perRow, IReadOnlyList<int> rows, TrainerSettings settings, (float[] W, float B)? model)
    {
        foreach (var r in rows)
        {
            var windows = perRow[r];
            var each = 1 / MathF.Sqrt(windows.Count);
            var classWeight = windows[0].Positive ? settings.PositiveWeight : 1f;
            if (model is not { } m || !windows[0].Positive)
            {
                windows.ForEach(w => w.Weight = each * classWeight);
                continue;
            }

            var scores = windows.Select(w => Score(w, m.W, m.B)).ToArray();
            var best = Array.IndexOf(scores, scores.Max());
            var kept = Enumerable.Range(0, windows.Count).Where(i => i == best || scores[i] >= -0.85f).ToList();
            var keptEach = 1 / MathF.Sqrt(kept.Count);
            for (var i = 0; i < windows.Count; i++)
            {
                windows[i].Weight = kept.Contains(i) ? keptEach * classWeight : 0;
            }
        }
    }

    private static (float[] Weights, float Bias) Fit(List<WindowExample>[] perRow, IReadOnlyList<int> rows, TrainerSettings settings)
    {
        var examples = rows.SelectMany(r => perRow[r]).Where(e => e.Weight > 0).ToArray();
        var weights = new float[1 << settings.HashBits];
        var squares = new float[weights.Length];
        var bias = 0f;
        var biasSquares = 0f;
        var random = new Random(settings.Seed);
        var order = Enumerable.Range(0, examples.Length).ToArray();
        var decay = settings.L2;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var e = examples[i];
                var p = 1 / (1 + MathF.Exp(-Score(e, weights, bias)));
                var error = e.Weight * (p - (e.Positive ? 1 : 0));
                foreach (var f in e.Features)
                {
                    var g = (error * e.Value) + (decay * weights[f]);
                    squares[f] += g * g;
                    weights[f] -= settings.LearningRate * g / (MathF.Sqrt(squares[f]) + 1e-6f);
                }

                biasSquares += error * error;
                bias -= settings.LearningRate * error / (MathF.Sqrt(biasSquares) + 1e-6f);
            }
        }

        return (weights, bias);
    }
}
