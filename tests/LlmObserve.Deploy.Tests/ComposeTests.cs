using LlmObserve.Testing;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// docker-compose.yml as Debian's docker-compose (1.29) reads it: accepted with the required secrets
/// and refused without them, our services hardened and health-checked, scanner-worker scalable, the
/// migrate step gating the services, and the optional collector granted exactly what the Kubernetes
/// DaemonSet grants.
/// </summary>
public sealed class ComposeTests
{
    private static readonly string[] Backend = ["ingest-api", "scanner-worker", "web"];
    private static readonly string[] Ours = ["migrate", "ingest-api", "scanner-worker", "web", "collector"];

    [Fact]
    public async Task Config_WithTheRequiredVariables_IsAccepted()
    {
        var config = await ConfigAsync();

        Assert.Equal(
            ["ingest-api", "migrate", "postgres", "rabbitmq", "scanner-worker", "web"],
            config.Services.Values.Where(s => !s.Has("profiles")).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Config_WithTheCollectorProfile_IsAccepted()
    {
        var config = await ConfigAsync("--profile", "collector");

        Assert.Equal(["collector"], config.Service("collector").List("profiles"));
    }

    [Theory]
    [InlineData("LLMOBSERVE_PG_PASSWORD")]
    [InlineData("LLMOBSERVE_RABBITMQ_PASSWORD")]
    public async Task Config_WithoutASecret_IsRefusedNamingIt(string missing)
    {
        var variables = DockerCompose.RequiredVariables.Where(v => v.Key != missing).ToDictionary(StringComparer.Ordinal);

        var result = await DockerCompose.ConfigAsync(variables);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"set {missing}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OurServices_RunReadOnly_WithoutCapabilitiesOrNewPrivileges()
    {
        var config = await ConfigAsync("--profile", "collector");

        foreach (var service in Ours.Select(config.Service))
        {
            Assert.True(service.Scalar("read_only") == "true", $"{service.Name}: read_only should be true.");
            Assert.True(service.List("tmpfs").SequenceEqual(["/tmp"]), $"{service.Name}: /tmp should be its only tmpfs.");
            Assert.True(service.List("cap_drop").SequenceEqual(["ALL"]), $"{service.Name}: cap_drop should be [ALL].");
            Assert.True(service.List("security_opt").Contains("no-new-privileges:true"), $"{service.Name}: no-new-privileges is missing.");
            Assert.False(service.Has("privileged") || service.Has("user"), $"{service.Name}: privileged or a user other than the image's.");
        }
    }

    [Fact]
    public async Task BackendServices_AreHealthChecked_AndRestarted()
    {
        var config = await ConfigAsync();

        foreach (var service in Backend.Select(config.Service))
        {
            var test = service.HealthCheckTest;
            Assert.True(test is ["CMD", ..] && test[^1].Contains("/healthz", StringComparison.Ordinal), $"{service.Name}: no /healthz check ({string.Join(' ', test)}).");
            Assert.Equal("unless-stopped", service.Scalar("restart"));
        }
    }

    [Theory]
    [InlineData(200, 0)]
    [InlineData(503, 1)]
    public async Task HealthCheck_IsHealthyOnlyWhenHealthzAnswers200(int status, int expectedExitCode)
    {
        var config = await ConfigAsync();

        var (exitCode, requestLine) = await DockerHealthCheck.RunAgainstAsync(config.Service("ingest-api").HealthCheckTest, status);

        Assert.Equal(expectedExitCode, exitCode);
        Assert.Equal("GET /healthz HTTP/1.1", requestLine);
    }

    [Fact]
    public async Task HealthCheck_WithNothingListening_IsUnhealthy()
    {
        var config = await ConfigAsync();

        var (exitCode, _) = await DockerHealthCheck.RunAgainstAsync(config.Service("web").HealthCheckTest, status: null);

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public async Task ScannerWorker_CanBeScaled()
    {
        var worker = (await ConfigAsync()).Service("scanner-worker");

        Assert.False(worker.Has("container_name"), "a fixed container name allows one replica only");
        Assert.False(worker.Has("ports"), "a fixed host port allows one replica only");
    }

    [Fact]
    public async Task Migrate_RunsOnce_AndTheServicesWaitForItsSuccess()
    {
        var config = await ConfigAsync();

        var migrate = config.Service("migrate");
        Assert.Equal(["migrate"], migrate.List("command"));
        Assert.Equal("no", migrate.Scalar("restart"));
        Assert.Equal(config.Service("ingest-api").Scalar("image"), migrate.Scalar("image"));
        Assert.Equal("service_healthy", migrate.DependsOn["postgres"]);
        foreach (var service in Backend.Select(config.Service))
        {
            Assert.Equal("service_completed_successfully", service.DependsOn.GetValueOrDefault("migrate"));
            Assert.Equal("service_healthy", service.DependsOn.GetValueOrDefault("postgres"));
        }

        Assert.Equal("service_healthy", config.Service("ingest-api").DependsOn["rabbitmq"]);
        Assert.Equal("service_healthy", config.Service("scanner-worker").DependsOn["rabbitmq"]);
    }

    [Fact]
    public async Task Collector_IsOptional_WithExactlyTheDaemonSetsCapabilities()
    {
        var config = await ConfigAsync("--profile", "collector");

        var collector = config.Service("collector");
        Assert.Equal(["collector"], collector.List("profiles"));
        Assert.All(config.Services.Values.Where(s => s.Name != "collector"), s => Assert.False(s.Has("profiles"), $"{s.Name} should always run."));
        Assert.Equal(DaemonSetCapabilities().Order(StringComparer.Ordinal), collector.List("cap_add").Order(StringComparer.Ordinal));
        Assert.Equal(["ALL"], collector.List("cap_drop"));
        Assert.Equal("host", collector.Scalar("pid"));
        Assert.Contains("apparmor:unconfined", collector.List("security_opt"));
        Assert.Equal(["run"], collector.List("command"));
        Assert.Equal("http://ingest-api:8080", collector.Map("environment")["LLMOBSERVE_Shipping__IngestUrl"]);
        Assert.Equal("service_healthy", collector.DependsOn["ingest-api"]);
    }

    [Fact]
    public async Task Collector_MountsBtfAndTracefsReadOnly_AndKeepsItsStateInANamedVolume()
    {
        var config = await ConfigAsync("--profile", "collector");

        var collector = config.Service("collector");
        var hostMounts = collector.Volumes.Where(v => v.IsHostPath).ToList();
        Assert.Equal(
            [("/sys/kernel/btf", "/sys/kernel/btf", true), ("/sys/kernel/tracing", "/sys/kernel/tracing", true)],
            hostMounts.Select(v => (v.Source, v.Target, v.ReadOnly)).Order());
        var state = Assert.Single(collector.Volumes, v => !v.IsHostPath);
        Assert.Equal(collector.Map("environment")["LLMOBSERVE_Shipping__StateDirectory"], state.Target);
        Assert.Contains(state.Source, config.NamedVolumes);
    }

    [Fact]
    public async Task Data_LivesInNamedVolumes()
    {
        var config = await ConfigAsync();

        Assert.Equal(("postgres-data", "/var/lib/postgresql/data"), Named(config, "postgres"));
        Assert.Equal(("rabbitmq-data", "/var/lib/rabbitmq"), Named(config, "rabbitmq"));
        var web = config.Service("web");
        Assert.Equal(web.Map("environment")["DataProtection__KeysDirectory"], Named(config, "web").Target);

        // The image creates that directory for its user: a new named volume takes its ownership.
        var image = Dockerfile.Load("web.Dockerfile").Final;
        Assert.Contains(image.Where("RUN"), r => r.Arguments.Contains($"mkdir -p {Named(config, "web").Target}", StringComparison.Ordinal)
            && r.Arguments.Contains($"chown {image.User}:{image.User} {Named(config, "web").Target}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThirdPartyImages_ArePinnedToAVersion()
    {
        var config = await ConfigAsync("--profile", "collector");

        Assert.Matches(@"^postgres:15\.\d+(-[a-z0-9]+)?$", config.Service("postgres").Scalar("image"));
        Assert.Matches(@"^rabbitmq:3\.13\.\d+-management$", config.Service("rabbitmq").Scalar("image"));
        foreach (var service in Ours.Select(config.Service))
        {
            // Our images are built here: each is built by its service, or by another that builds the same image.
            var image = service.Scalar("image");
            Assert.True(config.Services.Values.Any(s => s.Has("build") && s.Scalar("image") == image), $"{service.Name}: nothing builds {image}.");
        }
    }

    private static async Task<DockerComposeConfig> ConfigAsync(params string[] globalOptions)
    {
        var result = await DockerCompose.ConfigAsync(DockerCompose.RequiredVariables, globalOptions);
        Assert.True(result.ExitCode == 0, $"docker-compose config exited with {result.ExitCode}: {result.StandardError}");
        return DockerComposeConfig.Parse(result.StandardOutput);
    }

    private static (string Source, string Target) Named(DockerComposeConfig config, string service)
    {
        var mount = Assert.Single(config.Service(service).Volumes);
        Assert.False(mount.IsHostPath, $"{service}: {mount.Source} is a host path, not a named volume.");
        Assert.Contains(mount.Source, config.NamedVolumes);
        return (mount.Source, mount.Target);
    }

    /// <summary>The capabilities the collector's DaemonSet adds: one list for both deployments.</summary>
    private static List<string> DaemonSetCapabilities()
    {
        var lists = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "k8s"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(file =>
            {
                var stream = new YamlStream();
                using var reader = File.OpenText(file);
                stream.Load(reader);
                return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
            })
            .Where(d => d.Children.TryGetValue("kind", out var kind) && kind.ToString() == "DaemonSet")
            .SelectMany(d => ((YamlSequenceNode)d["spec"]["template"]["spec"]["containers"]).Children.Cast<YamlMappingNode>())
            .Where(c => c.Children.TryGetValue("securityContext", out var s) && ((YamlMappingNode)s).Children.ContainsKey("capabilities"))
            .Select(c => ((YamlSequenceNode)c["securityContext"]["capabilities"]["add"]).Children.Select(n => n.ToString()).Order(StringComparer.Ordinal).ToList())
            .ToList();
        Assert.NotEmpty(lists);
        Assert.All(lists, l => Assert.Equal(lists[0], l));
        return lists[0];
    }
}
