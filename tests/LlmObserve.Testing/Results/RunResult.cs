using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmObserve.Testing.Results;

/// <summary>
/// What one measured run (a benchmark, the fault-injection suite, the soak, the fuzzer) found, saved
/// as JSON under <c>docs/results/</c> so that the benchmark report can show every run's latest
/// figures beside their targets, with the date and machine they were taken on.
/// </summary>
/// <param name="Name">A short file-safe name: <c>pipeline</c>, <c>capture</c>, <c>faults</c>, <c>soak</c>, <c>fuzz</c> …</param>
/// <param name="Title">What the run measures, as a heading.</param>
/// <param name="Command">The command that produced it, to run it again.</param>
/// <param name="Passed">Whether every target of the run was met (or every check held).</param>
/// <param name="Summary">Plain lines for the report: what was done, what was seen.</param>
/// <param name="Figures">Measured figures, each with its target when it has one.</param>
/// <param name="Series">Data for charts (x/y lines).</param>
public sealed record RunResult(
    string Name,
    string Title,
    string Command,
    DateTimeOffset Date,
    string Machine,
    bool Passed,
    IReadOnlyList<string> Summary,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<Series> Series)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Where results are kept: <c>docs/results</c> of the repository.</summary>
    public static string DefaultDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "docs", "results");

    /// <summary>This machine, in one line: cores, memory, kernel, OS, runtime.</summary>
    public static string ThisMachine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {memory:F0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>Writes <c>{Name}.json</c> into <paramref name="directory"/> (default <see cref="DefaultDirectory"/>) and returns its path.</summary>
    public string Save(string? directory = null)
    {
        directory ??= DefaultDirectory;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
        return path;
    }

    /// <summary>Every result saved in <paramref name="directory"/>, by name.</summary>
    public static IReadOnlyList<RunResult> LoadAll(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} holds no run result."))];
    }
}

/// <summary>One measured figure.</summary>
/// <param name="Name">What was measured, e.g. "accepted-to-stored p99".</param>
/// <param name="Value">The measured value.</param>
/// <param name="Unit">Its unit, e.g. "ms", "exchanges/s", "%", "MB".</param>
/// <param name="Target">The target as the issue states it, e.g. "< 2000 ms"; null when the figure has none.</param>
/// <param name="Met">Whether the target was met; null when there is no target.</param>
/// <param name="Source">Where the target comes from, e.g. "issue 2".</param>
public sealed record Figure(string Name, double Value, string Unit, string? Target = null, bool? Met = null, string? Source = null);

/// <summary>A chart's data: one or more lines over the same axes.</summary>
public sealed record Series(string Name, string XLabel, string YLabel, IReadOnlyList<SeriesLine> Lines);

/// <summary>One line of a chart.</summary>
public sealed record SeriesLine(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);
