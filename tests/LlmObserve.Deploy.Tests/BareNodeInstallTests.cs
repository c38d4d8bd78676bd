using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using LlmObserve.Administration;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// deploy/linux/install-collector.sh on this machine, for real: as ingest-api renders it for a cluster, it
/// installs the published collector (from a tarball, then again from a directory), which enrolls with the
/// in-process ingest-api and heartbeats; under systemd as the hardened service, else by the command it prints
/// and under its --supervise loop, with exactly the collector's four capabilities. uninstall keeps only the
/// settings and the node's credential; uninstall --purge leaves nothing behind.
/// </summary>
/// <remarks>
/// It writes to /opt, /etc, /var/lib, /var/log and /run (CI runs as root on a throwaway machine), so it
/// needs root, and it refuses to run where a collector is installed already: it would remove it.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class BareNodeInstallTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private const string Token = "/etc/llmobserve/enrollment.env";
    private const string Settings = "/etc/llmobserve/collector.env";
    private const string Credential = "/var/lib/llmobserve-collector/node-credential.json";
    private const string PidFile = "/run/llmobserve-collector.pid";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task InstallScript_StartsTheCollector_ThatEnrolls_AndUninstallPurge_LeavesNothingBehind()
    {
        RequireMachine();
        var f = fixture.Require();
        var tenant = await TestTenant.CreateAsync(f.Database, [ApiScopes.Admin]);
        var systemd = Directory.Exists("/run/systemd/system");
        var before = InstallFootprint.Take();
        var work = Directory.CreateTempSubdirectory("bare-node-");
        var scratch = work.CreateSubdirectory("tmp").FullName;
        var script = Path.Combine(work.FullName, "install-collector.sh");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LLMOBSERVE_ENROLLMENT_TOKEN"] = tenant.EnrollmentToken,
            ["TMPDIR"] = scratch,
        };
        try
        {
            await File.WriteAllTextAsync(script, await InstallArtifacts.DownloadScriptAsync(f.IngestApi.Client, tenant), TestContext.Current.CancellationToken);
            var published = await InstallArtifacts.PublishCollectorAsync(work.FullName);
            var tarball = InstallArtifacts.Pack(published, work.FullName);

            // A first install from a tarball: the program, the settings for this cluster, the token (root's only).
            var (exitCode, output) = await InstallCommand.RunAsync("bash", [script, "--from", tarball], environment);
            Assert.True(exitCode == 0, output);
            Assert.Contains("This node can run the LlmObserve collector.", output, StringComparison.Ordinal);
            Assert.True(File.Exists("/opt/llmobserve-collector/llmobserve-collector.dll") && File.Exists("/opt/llmobserve-collector/bpf/llmobserve.bpf.o"), output);
            Assert.Contains($"\nLLMOBSERVE_Shipping__IngestUrl={f.IngestApi.Client.BaseAddress!.AbsoluteUri}\n", await File.ReadAllTextAsync(Settings, TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal($"LLMOBSERVE_Shipping__EnrollmentToken={tenant.EnrollmentToken}\n", await File.ReadAllTextAsync(Token, TestContext.Current.CancellationToken));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Token));

            // An operator's change: heartbeats every 2 s, so the test need not wait 15 s for the node's first.
            await File.AppendAllTextAsync(Settings, "LLMOBSERVE_Shipping__HeartbeatInterval=00:00:02\n", TestContext.Current.CancellationToken);
            DateTimeOffset? firstStart = null;
            if (systemd)
            {
                Assert.Equal(
                    await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "linux", "llmobserve-collector.service"), TestContext.Current.CancellationToken),
                    await File.ReadAllTextAsync("/etc/systemd/system/llmobserve-collector.service", TestContext.Current.CancellationToken));
                AssertLeastPrivilege(await SystemdMainPidAsync());
            }
            else
            {
                // Without systemd nothing runs yet: the script printed the command for a supervisor, which works as printed.
                Assert.Contains("systemd is not running on this node", output, StringComparison.Ordinal);
                Assert.False(File.Exists(PidFile), output);
                var command = PrintedCommand(output);
                await using var foreground = InstallRunningCommand.StartShell(command);
                await foreground.WaitForOutputAsync("Capture started", StartTimeout);
                AssertLeastPrivilege(foreground.Id);
                firstStart = (await HeartbeatAsync(f.IngestApi.Client, tenant, after: null)).StartedAt;
            }

            // Again from the directory: an upgrade in place, keeping the operator's settings and the credential.
            (exitCode, output) = await InstallCommand.RunAsync("bash", [script, "--from", published, .. systemd ? Array.Empty<string>() : ["--supervise"]], environment);
            Assert.True(exitCode == 0, output);
            Assert.True(File.Exists("/etc/llmobserve/collector.env.new"), output);
            Assert.Contains("HeartbeatInterval=00:00:02", await File.ReadAllTextAsync(Settings, TestContext.Current.CancellationToken), StringComparison.Ordinal);
            int collector;
            if (systemd)
            {
                collector = await SystemdMainPidAsync();
            }
            else
            {
                var supervisor = int.Parse((await File.ReadAllTextAsync(PidFile, TestContext.Current.CancellationToken)).Trim(), CultureInfo.InvariantCulture);
                collector = Assert.Single(InstallProcesses.Children(supervisor));
                Assert.Contains("Capture started", await File.ReadAllTextAsync("/var/log/llmobserve-collector.log", TestContext.Current.CancellationToken), StringComparison.Ordinal);
            }

            AssertLeastPrivilege(collector);
            var node = await HeartbeatAsync(f.IngestApi.Client, tenant, after: firstStart);
            Assert.Equal((Environment.MachineName, "active"), (node.Name, node.Status));
            Assert.Equal((await File.ReadAllTextAsync("/proc/sys/kernel/osrelease", TestContext.Current.CancellationToken)).Trim(), node.KernelVersion);
            Assert.True(File.Exists(Credential));

            // uninstall stops it and keeps only the settings and the node's credential (and spool).
            (exitCode, output) = await InstallCommand.RunAsync("bash", [script, "uninstall"]);
            Assert.True(exitCode == 0, output);
            Assert.False(InstallProcesses.IsAlive(collector), output);
            var kept = InstallFootprint.Take().Except(before).ToList();
            Assert.Contains(Credential, kept);
            Assert.All(kept, path => Assert.True(path is "/etc/llmobserve" or Settings || path.StartsWith("/var/lib/llmobserve-collector", StringComparison.Ordinal), path));

            // uninstall --purge: nothing of it remains, and it left nothing in its temporary directory either.
            (exitCode, output) = await InstallCommand.RunAsync("bash", [script, "uninstall", "--purge"]);
            Assert.True(exitCode == 0, output);
            Assert.Equal(before, InstallFootprint.Take());
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        }
        finally
        {
            if (File.Exists(script))
            {
                await InstallCommand.RunAsync("bash", [script, "uninstall", "--purge"]);
            }

            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Every unit systemd-analyze accepts with nothing to say but that the programs are not installed here; each
    /// service starts a program a project of this repository builds (its assembly name) and is sandboxed: the
    /// collector with exactly its four capabilities, the backend's services as dynamic users with none.
    /// </summary>
    [Fact]
    public async Task UnitFiles_PassSystemdAnalyze_AreSandboxed_AndStartTheProgramsTheProjectsBuild()
    {
        var programs = InstallUnits.BuiltPrograms();
        foreach (var file in InstallUnits.Files())
        {
            var name = Path.GetFileName(file);
            var problems = await InstallUnits.VerifyProblemsAsync(file);
            Assert.True(problems.Count == 0, $"{name}: {string.Join('\n', problems)}");
            if (!name.EndsWith(".service", StringComparison.Ordinal))
            {
                continue;
            }

            var program = InstallUnits.Value(file, "ExecStart")!.Split(' ')[0];
            Assert.True(programs.TryGetValue(Path.GetFileName(program), out var project), $"{name} starts {program}, which no project builds");
            foreach (var (key, value) in new[] { ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("SystemCallArchitectures", "native"), ("LockPersonality", "yes") })
            {
                Assert.True(InstallUnits.Value(file, key) == value, $"{name}: {key} is {InstallUnits.Value(file, key) ?? "not set"}, not {value}");
            }

            var exposure = await InstallUnits.ExposureAsync(file);
            if (name == "llmobserve-collector.service")
            {
                Assert.Equal(("/opt/llmobserve-collector/llmobserve-collector", "collector"), (program, project));
                Assert.Equal("CAP_BPF CAP_PERFMON CAP_SYS_ADMIN CAP_SYS_PTRACE", InstallUnits.Value(file, "CapabilityBoundingSet"));
                Assert.Equal("CAP_BPF CAP_PERFMON CAP_SYS_ADMIN CAP_SYS_PTRACE", InstallUnits.Value(file, "AmbientCapabilities"));
                Assert.Equal("/var/lib/llmobserve-collector", InstallUnits.Value(file, "ReadWritePaths"));
                Assert.True(exposure <= 4.5, $"{name}: exposure {exposure}");
            }
            else
            {
                // /opt/llmobserve/<the project's top folder>/<its assembly>, as install-backend.sh installs it.
                Assert.Equal($"/opt/llmobserve/{project}/{Path.GetFileName(program)}", program);
                Assert.Equal(("yes", ""), (InstallUnits.Value(file, "DynamicUser"), InstallUnits.Value(file, "CapabilityBoundingSet")));
                Assert.Contains(("EnvironmentFile", "/etc/llmobserve/backend.env"), InstallUnits.Assignments(file));
                Assert.True(exposure <= 2.0, $"{name}: exposure {exposure}");
                if (name != "llmobserve-migrate.service")
                {
                    var unit = InstallUnits.Assignments(file, "Unit");
                    Assert.Contains(unit, a => a.Key == "After" && a.Value.Contains("llmobserve-migrate.service", StringComparison.Ordinal));
                    Assert.Contains(unit, a => a.Key == "Wants" && a.Value.Contains("llmobserve-migrate.service", StringComparison.Ordinal));
                }
            }
        }
    }

    private static void RequireMachine()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            TestEnvironment.Unavailable("installing the collector on this machine needs Linux and root");
        }

        if (!File.Exists("/sys/kernel/btf/vmlinux"))
        {
            TestEnvironment.Unavailable("this kernel has no BTF (/sys/kernel/btf/vmlinux), so the collector cannot run here");
        }

        if (InstallFootprint.ExistingInstall() is { } existing)
        {
            TestEnvironment.Unavailable($"a collector is installed on this machine ({existing}); this test would remove it");
        }
    }

    /// <summary>The indented line after "with this command:".</summary>
    private static string PrintedCommand(string output)
    {
        var lines = output.Split('\n');
        var at = Array.FindIndex(lines, l => l.EndsWith("with this command:", StringComparison.Ordinal));
        Assert.True(at >= 0 && at + 1 < lines.Length, output);
        var command = lines[at + 1].Trim();
        Assert.StartsWith("env -i PATH=", command, StringComparison.Ordinal);
        Assert.Contains(" /opt/llmobserve-collector/llmobserve-collector run'", command, StringComparison.Ordinal);
        return command;
    }

    private static async Task<int> SystemdMainPidAsync()
    {
        var (exitCode, output) = await InstallCommand.RunAsync("systemctl", ["show", "--property=MainPID", "--value", "llmobserve-collector.service"]);
        Assert.True(exitCode == 0, output);
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Exactly CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN and CAP_SYS_PTRACE, and no way to gain more.</summary>
    private static void AssertLeastPrivilege(int pid)
    {
        Assert.Equal(InstallProcesses.CollectorCapabilities, InstallProcesses.EffectiveCapabilities(pid));
        Assert.Equal("1", InstallProcesses.Status(pid, "NoNewPrivs"));
    }

    private sealed record Node(string Name, string Status, string? KernelVersion, DateTimeOffset? StartedAt);

    /// <summary>The cluster's one node, once it has sent a heartbeat from a collector started after <paramref name="after"/>.</summary>
    private static async Task<Node> HeartbeatAsync(HttpClient client, TestTenant tenant, DateTimeOffset? after)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/nodes?clusterId={tenant.Cluster.Id}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            last = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode && JsonNode.Parse(last)!.AsArray() is [{ } item] && item["lastHeartbeatAt"] is not null)
            {
                var node = new Node((string)item["name"]!, (string)item["status"]!, (string?)item["kernelVersion"], (DateTimeOffset?)item["startedAt"]);
                if (after is null || node.StartedAt > after)
                {
                    return node;
                }
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The installed collector's node did not enroll and send a heartbeat within {StartTimeout.TotalSeconds:0} s; the cluster's nodes: {last}");
        return null!;
    }
}
