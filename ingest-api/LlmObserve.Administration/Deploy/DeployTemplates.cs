using YamlDotNet.Serialization;

namespace LlmObserve.Administration.Deploy;

/// <summary>
/// The files under <c>deploy/k8s/collector</c> and <c>deploy/linux</c>, embedded in this assembly by its
/// project file (resources <c>LlmObserve.Administration.Deploy.k8s.&lt;file&gt;</c> and
/// <c>LlmObserve.Administration.Deploy.linux.&lt;file&gt;</c>): the one source of the deploy instructions.
/// </summary>
internal static class DeployTemplates
{
    private const string Prefix = "LlmObserve.Administration.Deploy.";

    /// <summary>The Kubernetes manifests in the order the kustomization lists them, with their text.</summary>
    public static IReadOnlyList<(string File, string Text)> KubernetesManifests()
    {
        var kustomization = new DeserializerBuilder().IgnoreUnmatchedProperties().Build()
            .Deserialize<Kustomization>(Read("k8s", "kustomization.yaml"));
        if (kustomization?.Resources is not { Count: > 0 } resources)
        {
            throw new InvalidOperationException("deploy/k8s/collector/kustomization.yaml lists no resources.");
        }

        return [.. resources.Select(file => (file, Read("k8s", file)))];
    }

    /// <summary>One embedded file's text, with line ends as LF whatever the checkout did to them.</summary>
    public static string Read(string folder, string file)
    {
        var name = $"{Prefix}{folder}.{file}";
        using var stream = typeof(DeployTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The deploy file {folder}/{file} is not embedded (resource {name}): see the EmbeddedResource items of LlmObserve.Administration.csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private sealed class Kustomization
    {
        [YamlMember(Alias = "resources")]
        public List<string>? Resources { get; set; }
    }
}
