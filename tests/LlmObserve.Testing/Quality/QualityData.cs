using System.Text.Json;

namespace LlmObserve.Testing.Quality;

/// <summary>One labelled row of the trainer's data files.</summary>
/// <param name="Id">The row's stable id.</param>
/// <param name="Text">The prompt text.</param>
/// <param name="Label"><c>injection</c>, <c>benign</c> or <c>harmful</c>.</param>
/// <param name="Source">The data set the row was taken from.</param>
public sealed record QualityRow(string Id, string Text, string Label, string Source);

/// <summary>
/// Reads the trainer's labelled data files from the repository, the copy the trainer reads (the same rows as
/// the shared <c>datasets/prompt-injection-dev.jsonl</c>), so the quality test and the benchmark score one set.
/// </summary>
public static class QualityData
{
    /// <summary>The development set the acceptance figures are measured on.</summary>
    public const string DevSetFile = "prompt-injection-dev.jsonl";

    /// <summary>The trainer's data folder: <c>scanner-worker/LlmObserve.Detection.Trainer/data</c>.</summary>
    public static string DataDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "scanner-worker", "LlmObserve.Detection.Trainer", "data");

    /// <summary>The rows of one data file, or of all of them when <paramref name="file"/> is null.</summary>
    public static IReadOnlyList<QualityRow> Load(string? file = null)
    {
        var files = file is null ? Directory.GetFiles(DataDirectory, "*.jsonl") : [Path.Combine(DataDirectory, file)];
        return [.. files.Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Where(l => l.Length > 0).Select(Parse)];
    }

    private static QualityRow Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new QualityRow(
            root.GetProperty("id").GetString()!,
            root.GetProperty("text").GetString()!,
            root.GetProperty("label").GetString()!,
            root.GetProperty("source").GetString()!);
    }
}
