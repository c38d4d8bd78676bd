using System.Text.Json;

namespace LlmObserve.Detection.Tests.Injection;

/// <summary>One labelled row of the trainer's data files.</summary>
internal sealed record QualityRow(string Id, string Text, string Label, string Source);

/// <summary>Reads the trainer's data files from the repository (found by walking up to <c>LlmObserve.sln</c>).</summary>
internal static class QualityData
{
    public const string DevSetFile = "prompt-injection-dev.jsonl";

    public static string DataDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LlmObserve.sln")))
                {
                    return Path.Combine(dir.FullName, "scanner-worker", "LlmObserve.Detection.Trainer", "data");
                }
            }

            throw new DirectoryNotFoundException("LlmObserve.sln not found above " + AppContext.BaseDirectory);
        }
    }

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
