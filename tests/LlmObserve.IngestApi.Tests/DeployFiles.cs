using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmObserve.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// The deploy files as they are in the repository, read at test time, and YAML documents as JSON trees (keys
/// sorted, scalars as text) so two renderings of the same objects compare equal whatever their layout.
/// </summary>
internal static class DeployFiles
{
    public static string CollectorBase => Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "k8s", "collector");

    public static string Linux(string file) => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "linux", file));

    /// <summary>Every document of a YAML stream; with <paramref name="values"/>, scalar values (not keys) equal to a key are replaced.</summary>
    public static List<JsonNode> Documents(string yaml, IReadOnlyDictionary<string, string>? values = null)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<JsonNode>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(deserializer.Deserialize<object?>(parser), values ?? new Dictionary<string, string>()) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    /// <summary>The base's objects in kustomization order, read from the repository, with the placeholders replaced.</summary>
    public static List<JsonNode> RepositoryManifests(IReadOnlyDictionary<string, string> values)
    {
        var kustomization = Documents(File.ReadAllText(Path.Combine(CollectorBase, "kustomization.yaml"))).Single();
        return [.. kustomization["resources"]!.AsArray().Select(r => Documents(File.ReadAllText(Path.Combine(CollectorBase, (string)r!)), values).Single())];
    }

    /// <summary>Runs bash with these arguments in <paramref name="directory"/> with an empty environment but PATH; exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> BashAsync(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["HOME"] = directory;
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static JsonNode? ToJson(object? node, IReadOnlyDictionary<string, string> values) => node switch
    {
        null => null,
        string s => JsonValue.Create(values.GetValueOrDefault(s, s)),
        IDictionary<object, object?> map => new JsonObject(map
            .OrderBy(p => (string)p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create((string)p.Key, ToJson(p.Value, values)))),
        IList<object?> list => new JsonArray([.. list.Select(i => ToJson(i, values))]),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.GetType()}"),
    };
}
