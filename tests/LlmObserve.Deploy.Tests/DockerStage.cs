namespace LlmObserve.Deploy.Tests;

/// <summary>One build stage of a <see cref="Dockerfile"/>: its base, its name, its instructions in order.</summary>
internal sealed class DockerStage(string image, string? name, int line)
{
    private static readonly string[] OptionsWithValue = ["-c", "--configuration", "-o", "--output", "-f", "--framework", "-r", "--runtime", "-v", "--verbosity"];
    private readonly List<DockerInstruction> _instructions = [];

    /// <summary>The FROM argument: an image reference or an earlier stage's name.</summary>
    public string Image { get; } = image;

    public string? Name { get; } = name;

    public int Line { get; } = line;

    public IReadOnlyList<DockerInstruction> Instructions => _instructions;

    /// <summary>The last WORKDIR, or "/" (Docker's default).</summary>
    public string WorkDir => Last("WORKDIR")?.Arguments ?? "/";

    /// <summary>The last USER, or null: the base image's user.</summary>
    public string? User => Last("USER")?.Arguments;

    public IReadOnlyList<string>? EntryPoint => Last("ENTRYPOINT")?.ExecForm;

    public IReadOnlyList<string>? Cmd => Last("CMD")?.ExecForm;

    public IReadOnlyList<string> Exposed => [.. Where("EXPOSE").SelectMany(i => i.Words)];

    /// <summary>ENV, in its <c>KEY=value …</c> form (and the older <c>KEY value</c>); later values win.</summary>
    public IReadOnlyDictionary<string, string> Env
    {
        get
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instruction in Where("ENV"))
            {
                var words = instruction.Words;
                if (!words[0].Contains('=', StringComparison.Ordinal))
                {
                    env[words[0]] = string.Join(' ', words.Skip(1));
                    continue;
                }

                foreach (var pair in words)
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    env[pair[..equals]] = pair[(equals + 1)..];
                }
            }

            return env;
        }
    }

    public IReadOnlyList<DockerCopy> Copies =>
    [
        .. Where("COPY").Select(i =>
        {
            var words = i.Words;
            var from = words.Where(w => w.StartsWith("--from=", StringComparison.Ordinal)).Select(w => w["--from=".Length..]).SingleOrDefault();
            var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
            return new DockerCopy(from, paths[..^1], paths[^1], i.Line);
        }),
    ];

    /// <summary>Every <c>dotnet VERB PROJECT …</c> in this stage's RUN instructions.</summary>
    public IReadOnlyList<DotnetCommand> Dotnet(string verb) =>
    [
        .. Where("RUN").SelectMany(i => i.Commands.Where(c => c.Length > 1 && c[0] == "dotnet" && c[1] == verb).Select(c =>
        {
            var args = c[2..];
            string? project = null;
            string? output = null;
            for (var k = 0; k < args.Length; k++)
            {
                if (OptionsWithValue.Contains(args[k], StringComparer.Ordinal))
                {
                    output = args[k] is "-o" or "--output" && k + 1 < args.Length ? args[k + 1] : output;
                    k++;
                }
                else if (!args[k].StartsWith('-'))
                {
                    project ??= args[k];
                }
            }

            return new DotnetCommand(verb, project ?? throw new FormatException($"line {i.Line}: dotnet {verb} names no project"), output, i.Line);
        })),
    ];

    /// <summary>The packages of every <c>apt-get install</c> in this stage.</summary>
    public IReadOnlyList<string> AptInstalled =>
    [
        .. Where("RUN").SelectMany(i => i.Commands)
            .Where(c => c.Length > 2 && c[0] == "apt-get" && c.Contains("install", StringComparer.Ordinal))
            .SelectMany(c => c.SkipWhile(w => w != "install").Skip(1).Where(w => !w.StartsWith('-'))),
    ];

    public IEnumerable<DockerInstruction> Where(string keyword) => _instructions.Where(i => i.Keyword == keyword);

    internal void Add(DockerInstruction instruction) => _instructions.Add(instruction);

    private DockerInstruction? Last(string keyword) => _instructions.LastOrDefault(i => i.Keyword == keyword);
}
