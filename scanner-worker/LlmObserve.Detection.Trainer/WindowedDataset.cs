using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Trainer;

/// <summary>One training example: a window of a text, its features (bucket indexes, each of value <see cref="Value"/>) and label.</summary>
internal sealed record WindowExample(int Row, int[] Features, float Value, bool Positive)
{
    /// <summary>How much the example counts; set per round (see <see cref="LogisticTrainer"/>).</summary>
    public float Weight { get; set; }
}

/// <summary>
/// The texts cut into the same windows the detector scores (<see cref="PromptTokenizer.Windows"/>), each window
/// an example with the unigram and bigram buckets of its tokens, valued 1/√tokens as at inference.
/// </summary>
internal static class WindowedDataset
{
    public static List<WindowExample>[] Build(IReadOnlyList<TrainingRow> rows, int hashBits, int size, int stride)
    {
        var mask = (1u << hashBits) - 1;
        var perRow = new List<WindowExample>[rows.Count];
        var unigrams = new List<int>();
        var bigrams = new List<int>();
        for (var r = 0; r < rows.Count; r++)
        {
            unigrams.Clear();
            bigrams.Clear();
            var tokenizer = new PromptTokenizer(rows[r].Text);
            while (tokenizer.Next(out var token))
            {
                unigrams.Add((int)(token.Unigram & mask));
                bigrams.Add(unigrams.Count > 1 ? (int)(token.Bigram & mask) : -1);
            }

            var windows = new (int Start, int Count)[PromptTokenizer.WindowCount(unigrams.Count, size, stride)];
            PromptTokenizer.Windows(unigrams.Count, size, stride, windows);
            perRow[r] = [];
            foreach (var (start, count) in windows)
            {
                var features = new List<int>(count * 2);
                for (var t = start; t < start + count; t++)
                {
                    features.Add(unigrams[t]);
                    if (bigrams[t] >= 0)
                    {
                        features.Add(bigrams[t]);
                    }
                }

                perRow[r].Add(new WindowExample(r, [.. features], 1 / MathF.Sqrt(count), rows[r].IsAttack));
            }
        }

        return perRow;
    }
}
