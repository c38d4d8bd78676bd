using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmObserve.Detection.Trainer;

/// <summary>One labelled text of a data file: <c>{"id","text","label","source","license"}</c>, one JSON object a line.</summary>
internal sealed record TrainingRow(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("license")] string? License)
{
    /// <summary>Injections and jailbreaks are the positives; benign and harmful requests the negatives.</summary>
    public bool IsAttack => Label == Labels.Injection;
}

internal static class Labels
{
    public const string Injection = "injection";
    public const string Benign = "benign";
    public const string Harmful = "harmful";
}

internal static class TrainingData
{
    /// <summary>Every row of every <c>*.jsonl</c> file in <paramref name="directory"/>, files in name order.</summary>
    public static IReadOnlyList<TrainingRow> Load(string directory)
    {
        var rows = new List<TrainingRow>();
        foreach (var file in Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var row = JsonSerializer.Deserialize<TrainingRow>(line)
                    ?? throw new InvalidDataException($"{file}:{lineNumber}: not a JSON object");
                if (row.Label is not (Labels.Injection or Labels.Benign or Labels.Harmful) || string.IsNullOrEmpty(row.Text) || string.IsNullOrEmpty(row.Source))
                {
                    throw new InvalidDataException($"{file}:{lineNumber}: needs text, source and a label of injection, benign or harmful");
                }

                rows.Add(row);
            }

            Console.WriteLine($"  {Path.GetFileName(file)}: {lineNumber} lines");
        }

        return rows;
    }

    /// <summary>The trainer's data folder: <c>data/</c> beside the project file, found by walking up from the binary.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmObserve.Detection.Trainer.csproj")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        throw new DirectoryNotFoundException("cannot find the trainer's data folder: pass --data");
    }
}
