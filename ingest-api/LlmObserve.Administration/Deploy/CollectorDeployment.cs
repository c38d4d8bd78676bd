using System.Text;
using Microsoft.Extensions.Options;

namespace LlmObserve.Administration.Deploy;

/// <summary>
/// Renders the collector's deployment for one cluster from the embedded files under <c>deploy/</c>,
/// replacing only their placeholders: the Kubernetes objects of <c>deploy/k8s/collector</c>, and the bare-node
/// install script of <c>deploy/linux</c> with its unit and settings files inside. Nothing rendered holds a
/// secret: the manifests reference the enrollment Secret, the script reads the token on the node.
/// The templates are read and checked once, when this singleton is created; rendering is thread-safe.
/// </summary>
public sealed class CollectorDeployment
{
    /// <summary>The placeholder values as they stand in the files (documented in deploy/k8s/collector/README.md).</summary>
    public const string IngestUrlPlaceholder = "https://ingest.example.com";

    public const string ClusterNamePlaceholder = "cluster-name";

    public const string ImagePlaceholder = "ghcr.io/llmobserve/collector:VERSION";

    private const string ScriptFile = "install-collector.sh";
    private const string UnitFile = "llmobserve-collector.service";
    private const string SettingsFile = "collector.env.example";

    private readonly DeployOptions _options;
    private readonly IReadOnlyList<(string File, string Text)> _manifests = DeployTemplates.KubernetesManifests();
    private readonly string _script = DeployTemplates.Read("linux", ScriptFile);
    private readonly string _unit = DeployTemplates.Read("linux", UnitFile);
    private readonly string _settings = DeployTemplates.Read("linux", SettingsFile);

    public CollectorDeployment(IOptions<DeployOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        foreach (var embedded in new[] { _unit, _settings })
        {
            if (embedded.Split('\n').Any(line => line.StartsWith("LLMOBSERVE_END_OF_", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"A line of {UnitFile} or {SettingsFile} starts with LLMOBSERVE_END_OF_, which ends a here-document of {ScriptFile}.");
            }
        }

        // A template that lost or repeated a placeholder fails here, at the first request, not silently.
        _ = Kubernetes(ClusterNamePlaceholder, new Uri(IngestUrlPlaceholder));
        _ = LinuxScript(ClusterNamePlaceholder, new Uri(IngestUrlPlaceholder));
    }

    /// <summary>The base's objects in kustomization order, as one multi-document YAML.</summary>
    public string Kubernetes(string clusterName, Uri ingestUrl)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [IngestUrlPlaceholder] = CheckedUrl(ingestUrl),
            [ClusterNamePlaceholder] = clusterName,
            [ImagePlaceholder] = _options.Image,
        };
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var output = new StringBuilder()
            .Append("# The LlmObserve collector for one cluster, rendered by ingest-api from deploy/k8s/collector.\n")
            .Append("# The enrollment token is not in it: create its Secret first, then apply this file:\n")
            .Append("#   kubectl create namespace llmobserve\n")
            .Append("#   kubectl -n llmobserve create secret generic llmobserve-collector-enrollment --from-literal=token=<enrollment token>\n")
            .Append("#   kubectl apply -f <this file>\n");
        foreach (var (_, text) in _manifests)
        {
            output.Append("---\n").Append(YamlPlaceholders.Fill(text, values, found));
            if (output[^1] != '\n')
            {
                output.Append('\n');
            }
        }

        RequireEachOnce(values.Keys, found, "deploy/k8s/collector");
        return output.ToString();
    }

    /// <summary>install-collector.sh with its settings, the unit and the settings file filled in.</summary>
    public string LinuxScript(string clusterName, Uri ingestUrl)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        var url = CheckedUrl(ingestUrl);
        var settings = _settings.Replace(
            $"\nLLMOBSERVE_Shipping__IngestUrl={IngestUrlPlaceholder}\n", $"\nLLMOBSERVE_Shipping__IngestUrl={url}\n", StringComparison.Ordinal);
        if (settings == _settings)
        {
            throw new InvalidOperationException($"deploy/linux/{SettingsFile} has no line LLMOBSERVE_Shipping__IngestUrl={IngestUrlPlaceholder}.");
        }

        var lines = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"INGEST_URL='{IngestUrlPlaceholder}'"] = "INGEST_URL=" + DeployQuoting.Shell(url),
            [$"CLUSTER_NAME='{ClusterNamePlaceholder}'"] = "CLUSTER_NAME=" + DeployQuoting.Shell(clusterName),
            [$"COLLECTOR_IMAGE='{ImagePlaceholder}'"] = "COLLECTOR_IMAGE=" + DeployQuoting.Shell(_options.Image),
            [$"#@{UnitFile}@"] = _unit.TrimEnd('\n'),
            [$"#@{SettingsFile}@"] = settings.TrimEnd('\n'),
        };
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var output = new StringBuilder();
        foreach (var line in _script.TrimEnd('\n').Split('\n'))
        {
            if (lines.TryGetValue(line, out var replacement))
            {
                found[line] = found.GetValueOrDefault(line) + 1;
                output.Append(replacement).Append('\n');
            }
            else
            {
                output.Append(line).Append('\n');
            }
        }

        RequireEachOnce(lines.Keys, found, $"deploy/linux/{ScriptFile}");
        return output.ToString();
    }

    private static string CheckedUrl(Uri ingestUrl)
    {
        ArgumentNullException.ThrowIfNull(ingestUrl);
        return IngestUrls.Problem(ingestUrl) is { } problem
            ? throw new ArgumentException($"The ingest URL {problem}.", nameof(ingestUrl))
            : IngestUrls.Normalize(ingestUrl).AbsoluteUri;
    }

    private static void RequireEachOnce(IEnumerable<string> placeholders, Dictionary<string, int> found, string where)
    {
        foreach (var placeholder in placeholders)
        {
            if (found.GetValueOrDefault(placeholder) != 1)
            {
                throw new InvalidOperationException(
                    $"{where} must hold the placeholder '{placeholder}' exactly once as a value; it holds it {found.GetValueOrDefault(placeholder)} time(s).");
            }
        }
    }
}
