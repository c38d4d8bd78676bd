using YamlDotNet.RepresentationModel;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// The output of <c>docker-compose config</c>: the file with variables filled in, anchors and merge
/// keys resolved, short syntax kept (volumes as <c>source:target:mode</c>).
/// </summary>
internal sealed class DockerComposeConfig
{
    private readonly YamlMappingNode _root;

    private DockerComposeConfig(YamlMappingNode root) => _root = root;

    public static DockerComposeConfig Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return new DockerComposeConfig((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public IReadOnlyDictionary<string, DockerComposeService> Services =>
        ((YamlMappingNode)_root["services"]).Children.ToDictionary(
            e => ((YamlScalarNode)e.Key).Value!, e => new DockerComposeService(((YamlScalarNode)e.Key).Value!, (YamlMappingNode)e.Value), StringComparer.Ordinal);

    public IReadOnlySet<string> NamedVolumes =>
        _root.Children.TryGetValue("volumes", out var volumes)
            ? ((YamlMappingNode)volumes).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    public DockerComposeService Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"docker-compose.yml has no service '{name}'.");
}

/// <summary>One service of <see cref="DockerComposeConfig"/>, with the few shapes the tests read.</summary>
internal sealed class DockerComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public bool Has(string key) => node.Children.ContainsKey(key);

    /// <summary>A scalar, or null when the key is absent.</summary>
    public string? Scalar(string key) => node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>A list of scalars (a lone scalar counts as a list of one), empty when the key is absent.</summary>
    public IReadOnlyList<string> List(string key) => node.Children.TryGetValue(key, out var value) ? Scalars(value) : [];

    /// <summary>A mapping of scalars (<c>environment</c>), empty when the key is absent.</summary>
    public IReadOnlyDictionary<string, string> Map(string key) =>
        node.Children.TryGetValue(key, out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The healthcheck's <c>test</c> command, empty when there is no healthcheck.</summary>
    public IReadOnlyList<string> HealthCheckTest =>
        node.Children.TryGetValue("healthcheck", out var check) && ((YamlMappingNode)check).Children.TryGetValue("test", out var test) ? Scalars(test) : [];

    /// <summary>depends_on: each service this one waits for, with the condition it waits for.</summary>
    public IReadOnlyDictionary<string, string> DependsOn =>
        node.Children.TryGetValue("depends_on", out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(
                e => ((YamlScalarNode)e.Key).Value!,
                e => ((YamlScalarNode)((YamlMappingNode)e.Value)["condition"]).Value!,
                StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<DockerComposeMount> Volumes => [.. List("volumes").Select(DockerComposeMount.Parse)];

    private static List<string> Scalars(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value!)],
        YamlScalarNode scalar => [scalar.Value!],
        _ => throw new InvalidOperationException($"Expected a list of scalars at {node.Start}."),
    };
}

/// <summary>A volume entry in short syntax: a named volume or a host path, mounted at a target.</summary>
internal sealed record DockerComposeMount(string Source, string Target, bool ReadOnly)
{
    public bool IsHostPath => Source.StartsWith('/') || Source.StartsWith('.');

    public static DockerComposeMount Parse(string entry)
    {
        var parts = entry.Split(':');
        return parts.Length switch
        {
            2 => new DockerComposeMount(parts[0], parts[1], ReadOnly: false),
            3 => new DockerComposeMount(parts[0], parts[1], parts[2].Split(',').Contains("ro", StringComparer.Ordinal)),
            _ => throw new FormatException($"Not a short-syntax volume with a source: '{entry}'."),
        };
    }
}
