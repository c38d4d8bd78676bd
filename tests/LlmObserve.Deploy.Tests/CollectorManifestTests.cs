using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LlmObserve.Administration;
using LlmObserve.Administration.Deploy;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// One source of truth for the collector's manifests: what ingest-api serves for a cluster
/// (<c>GET /api/v1/clusters/{id}/deploy/kubernetes</c>) is exactly what <c>kubectl kustomize deploy/k8s/collector</c>
/// renders, with the cluster's values in place of the placeholders: the same objects, field for field.
/// </summary>
public sealed class CollectorManifestTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task DeployEndpoint_ServesTheObjectsKustomizeRenders()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);

        var served = await ServedAsync(_f.IngestApi.Client, tenant, tenant.Cluster.Id);

        AssertSameObjects(
            await RenderedAsync(_f.IngestApi.Client.BaseAddress!.AbsoluteUri, tenant.Cluster.Name, DeployOptions.DefaultCollectorImage),
            served);
        Assert.Equal(["ConfigMap", "DaemonSet", "Namespace", "ServiceAccount"], served.Select(KubeObjects.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeployEndpoint_WithConfiguredUrlAndImage_StillServesTheRenderedObjects()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);
        await using var host = await InProcessHost.StartIngestApiAsync(
            _f.Database, _f.VirtualHost.AmqpUri, "--Deploy:PublicIngestUrl=https://ingest.acme.test/llmo", "--Deploy:CollectorImage=registry.acme.test:5000/sec/collector:1.2.3");

        var served = await ServedAsync(host.Client, tenant, tenant.Cluster.Id);

        AssertSameObjects(await RenderedAsync("https://ingest.acme.test/llmo/", tenant.Cluster.Name, "registry.acme.test:5000/sec/collector:1.2.3"), served);
        var daemonSet = served.OfKind("DaemonSet").Single();
        Assert.Equal("registry.acme.test:5000/sec/collector:1.2.3", KubeObjects.Text(daemonSet["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]));
        // And what is served holds the collector's invariants, as the repository's rendering does.
        Assert.Empty(KubePod.Of(served).SelectMany(KubePodInvariants.Check));
    }

    /// <summary>kind/namespace/name → object, both ways: nothing missing, nothing extra, every field equal.</summary>
    private static void AssertSameObjects(List<JsonObject> expected, List<JsonObject> actual)
    {
        Assert.Equal(expected.Select(KubeObjects.Id).Order(StringComparer.Ordinal), actual.Select(KubeObjects.Id).Order(StringComparer.Ordinal));
        var byId = actual.ToDictionary(KubeObjects.Id, StringComparer.Ordinal);
        Assert.All(expected, e => Assert.Equal(e.ToJsonString(), byId[KubeObjects.Id(e)].ToJsonString()));
    }

    /// <summary>The collector's base as kubectl renders it, the placeholders replaced as ingest-api replaces them.</summary>
    private static async Task<List<JsonObject>> RenderedAsync(string ingestUrl, string clusterName, string image)
    {
        var (exitCode, output, error) = await KubeTool.KustomizeAsync("collector");
        Assert.True(exitCode == 0, error);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CollectorDeployment.IngestUrlPlaceholder] = ingestUrl,
            [CollectorDeployment.ClusterNamePlaceholder] = clusterName,
            [CollectorDeployment.ImagePlaceholder] = image,
        };
        foreach (var placeholder in values.Keys)
        {
            Assert.Contains(placeholder, output, StringComparison.Ordinal);
        }

        return KubeObjects.Parse(output, values);
    }

    private static async Task<List<JsonObject>> ServedAsync(HttpClient client, TestTenant tenant, Guid cluster)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/clusters/{cluster}/deploy/kubernetes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var yaml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, yaml);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        return KubeObjects.Parse(yaml);
    }
}
