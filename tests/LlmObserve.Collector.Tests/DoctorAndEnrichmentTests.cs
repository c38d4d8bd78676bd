using LlmObserve.Collector.Enrichment;
using LlmObserve.Testing;

namespace LlmObserve.Collector.Tests;

public sealed class DoctorAndEnrichmentTests
{
    [Fact]
    public async Task Doctor_OnThisMachineAsRoot_SaysInPlainWordsThatTheCollectorCanRun()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            TestEnvironment.Unavailable("collector doctor loads eBPF programs: run the tests as root");
        }

        var (exitCode, output) = await HostProcess.RunAsync("llmobserve-collector", new Dictionary<string, string>(StringComparer.Ordinal), "doctor");

        Assert.True(exitCode == 0, output);
        Assert.Contains("This node can run the LlmObserve collector.", output, StringComparison.Ordinal);
        Assert.Contains("the capture programs pass the kernel's verifier and attach", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b3c4d_5e6f_7a8b_9c0d_1e2f3a4b5c6d.slice/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")]
    [InlineData("11:memory:/kubepods/besteffort/pod1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d/fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
        "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")]
    [InlineData("0::/system.slice/docker-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.scope",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null)]
    [InlineData("0::/user.slice/user-0.slice/session-1.scope", null, null)]
    public void CgroupPath_ContainerAndPod_AreReadFromEachRuntimesLayout(string line, string? container, string? pod)
    {
        var (containerId, podUid) = CgroupPath.Parse([line]);

        Assert.Equal(container, containerId);
        Assert.Equal(pod, podUid);
    }
}
