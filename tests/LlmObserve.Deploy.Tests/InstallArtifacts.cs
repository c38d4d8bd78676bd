using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>What an operator starts a bare-node install from: the script for a cluster, and the published collector.</summary>
internal static class InstallArtifacts
{
    /// <summary>The script as an administrator downloads it for the tenant's cluster.</summary>
    public static async Task<string> DownloadScriptAsync(HttpClient client, TestTenant tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clusters/{tenant.Cluster.Id}/deploy/linux");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var script = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, script);
        return script;
    }

    public static async Task<string> PublishCollectorAsync(string work)
    {
        var output = Path.Combine(work, "collector");
        var (exitCode, log) = await InstallCommand.RunAsync(
            "dotnet", ["publish", "collector/LlmObserve.Collector", "-c", "Release", "-o", output, "-nologo"], timeout: TimeSpan.FromMinutes(8));
        Assert.True(exitCode == 0, log);
        return output;
    }

    /// <summary>A gzip tarball of the published directory, with the directory itself at its top.</summary>
    public static string Pack(string directory, string work)
    {
        var tarball = Path.Combine(work, "llmobserve-collector.tar.gz");
        using var file = File.Create(tarball);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        TarFile.CreateFromDirectory(directory, gzip, includeBaseDirectory: true);
        return tarball;
    }
}
