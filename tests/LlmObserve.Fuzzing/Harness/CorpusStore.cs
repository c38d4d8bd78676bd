using LlmObserve.Testing;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>The seed corpus: <c>corpus/&lt;target&gt;/*</c>, next to the program or else in the source tree.</summary>
public static class CorpusStore
{
    /// <summary>The folder in the source tree (what the corpus generator writes).</summary>
    public static string SourceDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "LlmObserve.Fuzzing", "corpus");

    /// <summary>A target's seeds, in file-name order (the order matters for reproducibility).</summary>
    public static IReadOnlyList<byte[]> Seeds(string target)
    {
        var local = Path.Combine(AppContext.BaseDirectory, "corpus", target);
        var folder = Directory.Exists(local) ? local : Path.Combine(SourceDirectory, target);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
    }
}
