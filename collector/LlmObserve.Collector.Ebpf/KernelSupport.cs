using System.Globalization;
using System.Runtime.InteropServices;
using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf;

/// <summary>What the kernel and this process offer for capture, read without loading anything.</summary>
public static class KernelSupport
{
    public const string TracefsPath = "/sys/kernel/tracing";
    public const string BtfPath = "/sys/kernel/btf/vmlinux";

    /// <summary>Oldest kernel the programs load on: bpf_loop arrived in 5.17.</summary>
    public static Version MinimumKernel { get; } = new(5, 17);

    public static string KernelRelease() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;

    /// <summary>The release's major.minor, e.g. 6.18 for "6.18.44-fc".</summary>
    public static Version? KernelVersion()
    {
        var parts = KernelRelease().Split('.', '-');
        return parts.Length >= 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    public static bool TracefsMounted() => Directory.Exists(Path.Combine(TracefsPath, "events", "syscalls"));

    public static bool UprobesAvailable() => File.Exists("/sys/bus/event_source/devices/uprobe/type");

    /// <summary>Mounts tracefs when the syscall tracepoints are not visible; returns an error text or null.</summary>
    public static string? EnsureTracefs()
    {
        if (TracefsMounted())
        {
            return null;
        }

        if (Libc.mount("tracefs", TracefsPath, "tracefs", 0, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return $"mounting tracefs on {TracefsPath} failed: {Marshal.GetPInvokeErrorMessage(errno)}";
        }

        return TracefsMounted() ? null : $"tracefs is mounted on {TracefsPath} but has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS off?)";
    }

    /// <summary>Effective capabilities of this process (CapEff in /proc/self/status).</summary>
    public static ulong EffectiveCapabilities()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                return ulong.Parse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public static bool HasCapability(ulong capabilities, int capability) => (capabilities & (1UL << capability)) != 0;

    public const int CapSysPtrace = 19;
    public const int CapSysAdmin = 21;
    public const int CapSysResource = 24;
    public const int CapPerfmon = 38;
    public const int CapBpf = 39;

    public static bool LibbpfPresent() =>
        Array.Exists(Libraries.LibbpfCandidates, name => NativeLibrary.TryLoad(name, out _));
}
