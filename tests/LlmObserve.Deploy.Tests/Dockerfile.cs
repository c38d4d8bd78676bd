using System.Text.Json;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// One of deploy/docker/*.Dockerfile, parsed into stages and instructions: enough of the Dockerfile
/// syntax for the files of this repository (continuation lines, comments, JSON exec form), with no
/// Docker needed.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerStage> stages) => (Path, Stages) = (path, stages);

    public string Path { get; }

    /// <summary>The file name less <c>.Dockerfile</c>: ingest-api, collector, …</summary>
    public string Name => System.IO.Path.GetFileName(Path)[..^".Dockerfile".Length];

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The stage the image is made of.</summary>
    public DockerStage Final => Stages[^1];

    public static string Directory => System.IO.Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "docker");

    /// <summary>The file names of every Dockerfile in deploy/docker.</summary>
    public static IReadOnlyList<string> FileNames =>
        [.. System.IO.Directory.GetFiles(Directory, "*.Dockerfile").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static Dockerfile Load(string fileName)
    {
        var path = System.IO.Path.Combine(Directory, fileName);
        var stages = new List<DockerStage>();
        foreach (var instruction in Instructions(File.ReadAllLines(path)))
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Words;
                var name = words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add(new DockerStage(words[0], name, instruction.Line));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Add(instruction);
            }
            else
            {
                throw new FormatException($"{fileName}:{instruction.Line}: {instruction.Keyword} before the first FROM.");
            }
        }

        return new Dockerfile(path, stages);
    }

    /// <summary>The stage named <paramref name="name"/>, or null when it names an image instead.</summary>
    public DockerStage? Stage(string name) => Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>Each stage's base image that is an image, not an earlier stage.</summary>
    public IEnumerable<DockerStage> StagesFromImages => Stages.Where(s => Stages.TakeWhile(t => t != s).All(t => t.Name != s.Image));

    private static IEnumerable<DockerInstruction> Instructions(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var text = line;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                text = text[..^1].TrimEnd() + (next.StartsWith('#') ? "" : " " + next);
            }

            var space = text.IndexOfAny([' ', '\t']);
            yield return space < 0
                ? new DockerInstruction(text.ToUpperInvariant(), "", start)
                : new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), start);
        }
    }
}

/// <summary>One instruction, its continuation lines joined, with the line it starts on.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public string[] Words => Arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The JSON exec form (<c>["dotnet", "x.dll"]</c>); null for the shell form.</summary>
    public IReadOnlyList<string>? ExecForm => Arguments.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(Arguments) : null;

    /// <summary>The shell commands of a RUN, split at <c>&amp;&amp;</c>, each as its words.</summary>
    public IEnumerable<string[]> Commands =>
        Arguments.Split("&&").Select(c => c.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 0);
}

/// <summary>A COPY: from the build context (<see cref="From"/> null) or from a stage or image.</summary>
internal sealed record DockerCopy(string? From, IReadOnlyList<string> Sources, string Destination, int Line);

/// <summary>A <c>dotnet restore</c> or <c>dotnet publish</c> run in a stage.</summary>
internal sealed record DotnetCommand(string Verb, string Project, string? Output, int Line);
