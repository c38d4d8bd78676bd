using LlmObserve.Collector.Ebpf;
using LlmObserve.Collector.Ebpf.Attach;

namespace LlmObserve.Collector.Doctor;

/// <summary>
/// <c>llmobserve-collector doctor</c>: says in plain words whether this kernel and these privileges
/// can run the collector, and what to do when not. Mounts tracefs when it is missing. Exit code 0
/// when capture can run.
/// </summary>
public static class DoctorCommand
{
    public static int Run(TextWriter output, string objectPath)
    {
        ArgumentNullException.ThrowIfNull(output);
        var checks = new List<(bool Ok, string Text)>();
        var version = KernelSupport.KernelVersion();
        checks.Add(version is not null && version >= KernelSupport.MinimumKernel
            ? (true, $"kernel {KernelSupport.KernelRelease()} is new enough (needs {KernelSupport.MinimumKernel} or later)")
            : (false, $"kernel {KernelSupport.KernelRelease()} is too old: the capture programs need Linux {KernelSupport.MinimumKernel} or later (bpf_loop, ring buffer). Upgrade the node's kernel."));
        checks.Add(File.Exists(KernelSupport.BtfPath)
            ? (true, $"kernel type information (BTF) is at {KernelSupport.BtfPath}")
            : (false, $"{KernelSupport.BtfPath} is missing: the kernel was built without CONFIG_DEBUG_INFO_BTF, so CO-RE programs cannot load. Use a kernel with BTF (most distribution kernels since 2021 have it)."));
        checks.Add(Privileges());
        checks.Add(KernelSupport.LibbpfPresent()
            ? (true, "libbpf (libbpf.so.1) is installed")
            : (false, "libbpf.so.1 is missing: install it (Debian/Ubuntu: apt-get install libbpf1)."));
        var tracefs = KernelSupport.EnsureTracefs();
        checks.Add(tracefs is null
            ? (true, $"tracefs is mounted at {KernelSupport.TracefsPath} with syscall tracepoints")
            : (false, $"{tracefs}. Mount it: mount -t tracefs tracefs {KernelSupport.TracefsPath} (in Kubernetes, mount the host's {KernelSupport.TracefsPath} into the collector)."));
        checks.Add(KernelSupport.UprobesAvailable()
            ? (true, "uprobes are available (TLS capture through OpenSSL)")
            : (false, "uprobes are not available (CONFIG_UPROBE_EVENTS off): TLS traffic cannot be captured, only plaintext HTTP."));
        if (checks.TrueForAll(c => c.Ok))
        {
            checks.Add(TryLoad(objectPath));
        }

        var libssl = ProcessMaps.LibsslInRoot("/");
        checks.Add((true, libssl.Count > 0
            ? $"host OpenSSL libraries to probe: {string.Join(", ", libssl)}"
            : "no libssl.so on the host: only processes that carry OpenSSL themselves (Node.js) or containers with their own libssl are covered"));

        foreach (var (ok, text) in checks)
        {
            output.WriteLine($"{(ok ? "ok  " : "FAIL")}  {text}");
        }

        var failed = checks.Count(c => !c.Ok);
        output.WriteLine(failed == 0
            ? "This node can run the LlmObserve collector."
            : $"This node cannot run the LlmObserve collector yet: {failed} problem(s) above.");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// CAP_SYS_ADMIN also lets a process load and attach programs, but is needed on its own: kernels
    /// since 6.16 (and stable kernels from 5.15 with the backport) refuse uprobes without it.
    /// CAP_SYS_PTRACE reads other processes' /proc/&lt;pid&gt;/root and exe. See deploy/k8s/collector/README.md.
    /// </summary>
    private static (bool, string) Privileges()
    {
        var caps = KernelSupport.EffectiveCapabilities();
        bool Has(int capability) => KernelSupport.HasCapability(caps, capability);
        var missing = new List<string>();
        if (!Has(KernelSupport.CapBpf) && !Has(KernelSupport.CapSysAdmin))
        {
            missing.Add("CAP_BPF");
        }

        if (!Has(KernelSupport.CapPerfmon) && !Has(KernelSupport.CapSysAdmin))
        {
            missing.Add("CAP_PERFMON");
        }

        if (!Has(KernelSupport.CapSysAdmin))
        {
            missing.Add("CAP_SYS_ADMIN (uprobes on current kernels, mounting tracefs)");
        }

        if (!Has(KernelSupport.CapSysPtrace))
        {
            missing.Add("CAP_SYS_PTRACE (other processes' executables and libraries under /proc)");
        }

        return missing.Count == 0
            ? (true, "this process has the capabilities to load the eBPF programs, attach uprobes and read other processes' files (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN, CAP_SYS_PTRACE)")
            : (false, $"missing capabilities: {string.Join(", ", missing)}. Run as root, or grant them — in Kubernetes in the DaemonSet's securityContext.capabilities.add (deploy/k8s/collector), under systemd with AmbientCapabilities (deploy/linux).");
    }

    private static (bool, string) TryLoad(string objectPath)
    {
        try
        {
            using var probes = CaptureProbes.Load(new CaptureProbeOptions { ObjectPath = objectPath });
            return (true, "the capture programs pass the kernel's verifier and attach");
        }
        catch (Exception e) when (e is Ebpf.Native.LibbpfException or FileNotFoundException or DllNotFoundException)
        {
            return (false, $"loading the capture programs failed: {e.Message}");
        }
    }
}
