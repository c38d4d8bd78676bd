using LlmObserve.Administration;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LlmObserve.Administration.Deploy;
using LlmObserve.Administration.Fleet;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// Per-cluster deploy instructions: the objects of deploy/k8s/collector with only the placeholders filled in,
/// a least-privilege DaemonSet, a bare-node script that holds no secret and that a cluster's name cannot inject
/// into, and that only the cluster's own tenant's admins get them.
/// </summary>
public sealed class DeployApiTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly string[] Admin = [ApiScopes.Admin];

    /// <summary>An enrollment token (a prefix and 43 base64url characters); the script's help may name the prefix alone.</summary>
    private const string TokenShape = "llmo_enroll_[A-Za-z0-9_-]{16,}";
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task Kubernetes_IsTheBaseInKustomizationOrder_WithOnlyThePlaceholdersFilledIn()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        var (yaml, documents) = await KubernetesAsync(_f.IngestApi.Client, tenant.ApiKey, tenant.Cluster.Id);

        var expected = DeployFiles.RepositoryManifests(Values(_f.IngestApi.Client.BaseAddress!.AbsoluteUri, "prod-eu-1", DeployOptions.DefaultCollectorImage));
        Assert.Equal(["Namespace", "ServiceAccount", "ConfigMap", "DaemonSet"], documents.Select(d => (string?)d["kind"]));
        Assert.Equal(expected.Select(d => d.ToJsonString()), documents.Select(d => d.ToJsonString()));
        Assert.DoesNotContain(CollectorDeployment.IngestUrlPlaceholder, yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(CollectorDeployment.ImagePlaceholder, yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.EnrollmentToken, yaml, StringComparison.Ordinal);
        Assert.DoesNotMatch(TokenShape, yaml);
    }

    [Fact]
    public async Task Kubernetes_DaemonSet_IsLeastPrivilege_AndRunsOnEveryNode()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        var (yaml, documents) = await KubernetesAsync(_f.IngestApi.Client, tenant.ApiKey, tenant.Cluster.Id);

        Assert.DoesNotContain("privileged: true", yaml, StringComparison.Ordinal);
        Assert.Equal("false", (string?)documents.Single(d => (string?)d["kind"] == "ServiceAccount")["automountServiceAccountToken"]);
        var pod = documents.Single(d => (string?)d["kind"] == "DaemonSet")["spec"]!["template"]!["spec"]!;
        Assert.Equal(("true", "false"), ((string?)pod["hostPID"], (string?)pod["automountServiceAccountToken"]));
        Assert.Null(pod["hostNetwork"]);
        Assert.Contains(pod["tolerations"]!.AsArray(), t => t!.ToJsonString() == """{"operator":"Exists"}""");

        var container = Assert.Single(pod["containers"]!.AsArray())!;
        var security = container["securityContext"]!;
        Assert.Equal("false", (string?)security["privileged"]);
        Assert.Equal(["BPF", "PERFMON", "SYS_ADMIN", "SYS_PTRACE"], Strings(security["capabilities"]!["add"]));
        Assert.Equal(["ALL"], Strings(security["capabilities"]!["drop"]));
        Assert.Equal("true", (string?)security["readOnlyRootFilesystem"]);

        // Host paths: BTF and tracefs read-only; the state directory is the only writable one.
        var hostPaths = pod["volumes"]!.AsArray().Where(v => v!["hostPath"] is not null)
            .ToDictionary(v => (string)v!["name"]!, v => (string)v!["hostPath"]!["path"]!);
        var mounts = container["volumeMounts"]!.AsArray().Where(m => hostPaths.ContainsKey((string)m!["name"]!))
            .ToDictionary(m => hostPaths[(string)m!["name"]!], m => ((string)m!["mountPath"]!, (string?)m["readOnly"] == "true"));
        Assert.Equal(
            new Dictionary<string, (string, bool)>
            {
                ["/var/lib/llmobserve-collector"] = ("/var/lib/llmobserve-collector", false),
                ["/sys/kernel/btf"] = ("/sys/kernel/btf", true),
                ["/sys/kernel/tracing"] = ("/sys/kernel/tracing", true),
            },
            mounts);

        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal("""{"secretKeyRef":{"key":"token","name":"llmobserve-collector-enrollment"}}""", env["LLMOBSERVE_Shipping__EnrollmentToken"]["valueFrom"]!.ToJsonString());
        Assert.Null(env["LLMOBSERVE_Shipping__EnrollmentToken"]["value"]);
        Assert.Equal("spec.nodeName", (string?)env["LLMOBSERVE_Shipping__NodeName"]["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("/var/lib/llmobserve-collector", (string?)env["LLMOBSERVE_Shipping__StateDirectory"]["value"]);

        Assert.Equal("""{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"50m","memory":"160Mi"}}""", container["resources"]!.ToJsonString());
        Assert.Contains("/var/lib/llmobserve-collector/node-credential.json", Strings(container["readinessProbe"]!["exec"]!["command"]));
    }

    [Fact]
    public async Task Deploy_UsesTheConfiguredIngestUrlAndImage()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        await using var host = await InProcessHost.StartIngestApiAsync(
            _f.Database, _f.VirtualHost.AmqpUri, "--Deploy:PublicIngestUrl=https://ingest.acme.test/llmo", "--Deploy:CollectorImage=registry.acme.test:5000/sec/collector:1.2.3");

        var (_, documents) = await KubernetesAsync(host.Client, tenant.ApiKey, tenant.Cluster.Id);
        var script = await LinuxAsync(host.Client, tenant.ApiKey, tenant.Cluster.Id);

        Assert.Equal(
            DeployFiles.RepositoryManifests(Values("https://ingest.acme.test/llmo/", "prod-eu-1", "registry.acme.test:5000/sec/collector:1.2.3")).Select(d => d.ToJsonString()),
            documents.Select(d => d.ToJsonString()));
        Assert.Contains("\nINGEST_URL='https://ingest.acme.test/llmo/'\n", script, StringComparison.Ordinal);
        Assert.Contains("\nLLMOBSERVE_Shipping__IngestUrl=https://ingest.acme.test/llmo/\n", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Deploy:PublicIngestUrl=ftp://ingest.acme.test/", "Deploy:PublicIngestUrl")]
    [InlineData("--Deploy:PublicIngestUrl=https://ingest.acme.test/?a='b'", "Deploy:PublicIngestUrl")]
    [InlineData("--Deploy:CollectorImage=not an image", "Deploy:CollectorImage")]
    public async Task BadDeploySettings_StopTheHost_NamingTheKey(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessHost.StartIngestApiAsync(_f.Database, _f.VirtualHost.AmqpUri, setting));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_AHostileClusterName_StaysOneQuotedValue()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        const string hostile = "a\"; rm -rf /; \"\n---\nkind: Secret\nx: 'y' \\ # é\u2028\t\u0085";
        var cluster = await AddClusterAsync(tenant, hostile);

        var (_, documents) = await KubernetesAsync(_f.IngestApi.Client, tenant.ApiKey, cluster);

        var expected = DeployFiles.RepositoryManifests(Values(_f.IngestApi.Client.BaseAddress!.AbsoluteUri, hostile, DeployOptions.DefaultCollectorImage));
        Assert.Equal(expected.Select(d => d.ToJsonString()), documents.Select(d => d.ToJsonString()));
        Assert.Equal(hostile, (string?)documents.Single(d => (string?)d["kind"] == "ConfigMap")["metadata"]!["annotations"]!["llmobserve.io/cluster-name"]);
    }

    [Fact]
    public void IngestUrl_FromTheRequest_IsItsSchemeHostAndBase_OrNoneWhenUnfit()
    {
        var plain = new DefaultHttpContext();
        (plain.Request.Scheme, plain.Request.Host, plain.Request.PathBase) = ("https", new HostString("ingest.acme.test:8443"), "/llmo");
        // Kestrel refuses such a Host header itself; a proxy's forwarded host could still bring one.
        var hostile = new DefaultHttpContext();
        (hostile.Request.Scheme, hostile.Request.Host) = ("https", new HostString("ingest'$(id)"));

        Assert.Equal("https://ingest.acme.test:8443/llmo/", DeployApi.IngestUrlFromRequest(plain.Request)?.AbsoluteUri);
        Assert.Null(DeployApi.IngestUrlFromRequest(hostile.Request));
    }

    [Fact]
    public void YamlQuoting_RoundTripsEveryCharacter()
    {
        var all = string.Concat(Enumerable.Range(0, 0x10000).Where(c => c is < 0xD800 or > 0xDFFF).Select(c => (char)c)) + "\U0001F600";

        var parsed = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>("value: " + DeployQuoting.Yaml(all));

        Assert.Equal(all, parsed["value"]);
    }

    [Fact]
    public async Task Linux_IsTheTemplateWithItsFilesInside_PassesBashSyntaxCheck_AndHoldsNoToken()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        var script = await LinuxAsync(_f.IngestApi.Client, tenant.ApiKey, tenant.Cluster.Id);

        var url = _f.IngestApi.Client.BaseAddress!.AbsoluteUri;
        Assert.StartsWith("#!/usr/bin/env bash\n", script, StringComparison.Ordinal);
        Assert.Contains("\nCLUSTER_NAME='prod-eu-1'\n", script, StringComparison.Ordinal);
        Assert.Contains($"\nINGEST_URL='{url}'\n", script, StringComparison.Ordinal);
        Assert.Contains(DeployFiles.Linux("llmobserve-collector.service"), script, StringComparison.Ordinal);
        Assert.Contains(DeployFiles.Linux("collector.env.example").Replace(CollectorDeployment.IngestUrlPlaceholder, url, StringComparison.Ordinal), script, StringComparison.Ordinal);
        Assert.DoesNotContain(CollectorDeployment.IngestUrlPlaceholder, script, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.EnrollmentToken, script, StringComparison.Ordinal);
        Assert.DoesNotMatch(TokenShape, script);
        var (exitCode, output) = await RunScriptAsync(script, "-n");
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Linux_AHostileClusterName_IsOneShellWord()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        const string hostile = "a\"; touch canary-1; \"'; touch canary-2; '$(touch canary-3)`touch canary-4`\ntouch canary-5 é\t\\";
        var cluster = await AddClusterAsync(tenant, hostile);
        var example = await AddClusterAsync(tenant, "a\"; rm -rf /; \"");

        var script = await LinuxAsync(_f.IngestApi.Client, tenant.ApiKey, cluster);
        var exampleScript = await LinuxAsync(_f.IngestApi.Client, tenant.ApiKey, example);

        Assert.Contains("\nCLUSTER_NAME='a\"; rm -rf /; \"'\n", exampleScript, StringComparison.Ordinal);
        Assert.Equal(0, (await RunScriptAsync(exampleScript, "-n")).ExitCode);
        Assert.Equal(0, (await RunScriptAsync(script, "-n")).ExitCode);
        // What bash makes of the settings block is the name, byte for byte.
        var (_, value) = await RunScriptAsync(script, "-c", """eval "$(sed -n '/^INGEST_URL=/,/^INSTALL_DIR=/p' "$1")"; printf '%s' "$CLUSTER_NAME" """, "bash");
        Assert.Equal(hostile, value);
        // A dry run shows it (control characters as '?') and runs none of it.
        var (exitCode, output) = await RunScriptAsync(script, null, "--dry-run");
        Assert.True(exitCode == 0, output);
        Assert.Contains($"installing the collector for cluster '{hostile.Replace('\n', '?').Replace('\t', '?')}'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("linux")]
    public async Task Deploy_IsOnlyForTheClustersOwnTenantsAdmins(string kind)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        var reader = await TestTenant.CreateAsync(_f.Database, [ApiScopes.FindingsRead, ApiScopes.ExchangesRead, ApiScopes.RulesWrite]);
        var stranger = await TestTenant.CreateAsync(_f.Database, Admin);
        var path = $"/api/v1/clusters/{tenant.Cluster.Id}/deploy/{kind}";

        using var anonymous = await GetAsync(_f.IngestApi.Client, null, path);
        using var notAdmin = await GetAsync(_f.IngestApi.Client, reader.ApiKey, $"/api/v1/clusters/{reader.Cluster.Id}/deploy/{kind}");
        using var otherTenant = await GetAsync(_f.IngestApi.Client, stranger.ApiKey, path);
        using var unknown = await GetAsync(_f.IngestApi.Client, tenant.ApiKey, $"/api/v1/clusters/{Guid.CreateVersion7()}/deploy/{kind}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (otherTenant.StatusCode, unknown.StatusCode));
        Assert.Equal("application/problem+json", otherTenant.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await otherTenant.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal($"The tenant has no cluster {tenant.Cluster.Id}.", (string?)problem["detail"]);
    }

    private static Dictionary<string, string> Values(string ingestUrl, string clusterName, string image) => new(StringComparer.Ordinal)
    {
        [CollectorDeployment.IngestUrlPlaceholder] = ingestUrl,
        [CollectorDeployment.ClusterNamePlaceholder] = clusterName,
        [CollectorDeployment.ImagePlaceholder] = image,
    };

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    private async Task<Guid> AddClusterAsync(TestTenant tenant, string name)
    {
        await using var db = _f.Database.CreateDbContext();
        return (await new FleetAdministration(db, TimeProvider.System).CreateClusterAsync(tenant.Tenant.Id, name, TestContext.Current.CancellationToken)).Id;
    }

    private static async Task<(string Yaml, List<JsonNode> Documents)> KubernetesAsync(HttpClient client, string apiKey, Guid cluster)
    {
        using var response = await GetAsync(client, apiKey, $"/api/v1/clusters/{cluster}/deploy/kubernetes");
        var yaml = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, yaml);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        return (yaml, DeployFiles.Documents(yaml));
    }

    private static async Task<string> LinuxAsync(HttpClient client, string apiKey, Guid cluster)
    {
        using var response = await GetAsync(client, apiKey, $"/api/v1/clusters/{cluster}/deploy/linux");
        var script = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, script);
        Assert.Equal("text/x-shellscript", response.Content.Headers.ContentType?.MediaType);
        return script;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? apiKey, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Runs bash on the script in a directory of its own (where a canary would appear), then removes it.</summary>
    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, string? option, params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("llmobserve-deploy-");
        try
        {
            var path = Path.Combine(directory.FullName, "install-collector.sh");
            await File.WriteAllTextAsync(path, script);
            string[] bashArgs = option switch
            {
                null => [path, .. args],
                "-c" => ["-c", args[0], args[1], path],
                _ => [option, path, .. args],
            };
            var result = await DeployFiles.BashAsync(directory.FullName, bashArgs);
            Assert.Empty(Directory.GetFiles(directory.FullName, "canary-*"));
            return result;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
