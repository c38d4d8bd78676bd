using System.Text.Json.Nodes;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// <c>kubectl kustomize</c>, run as the operator would (no cluster needed), and the Kustomize directories
/// under <c>deploy/k8s</c>. A machine without kubectl skips these tests, or fails them under CI.
/// </summary>
internal static class KubeTool
{
    public static string K8sRoot => Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "k8s");

    /// <summary>Every folder under deploy/k8s with a kustomization file, relative, with '/' separators.</summary>
    public static List<string> KustomizationDirectories() =>
    [
        .. Directory.EnumerateFiles(K8sRoot, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "kustomization.yaml" or "kustomization.yml" or "Kustomization")
            .Select(f => Path.GetRelativePath(K8sRoot, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary><c>kubectl kustomize</c> of a folder (relative to deploy/k8s, or absolute): exit code, stdout, stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> KustomizeAsync(string directory)
    {
        var result = await ToolProcess.RunAsync(
            ToolProcess.StartInfo("kubectl", ["kustomize", Path.Combine(K8sRoot, directory)]), TimeSpan.FromMinutes(1),
            "install kubectl (it renders Kustomize without a cluster)");
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>The objects a folder renders to; fails the test, with kubectl's message, when it does not render.</summary>
    public static async Task<List<JsonObject>> RenderAsync(string directory)
    {
        var (exitCode, output, error) = await KustomizeAsync(directory);
        Assert.True(exitCode == 0, $"kubectl kustomize {directory} exited with {exitCode}: {error}");
        return KubeObjects.Parse(output);
    }
}
