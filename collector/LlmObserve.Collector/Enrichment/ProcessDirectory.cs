using LlmObserve.Collector.Ebpf.Events;
using LlmObserve.Collector.Pipeline.Exchanges;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Enrichment;

/// <summary>
/// Who a pid is: node, command line, executable, container and pod, read from /proc once and kept
/// until a while after the process exits (exchanges finish after short-lived clients like curl are
/// gone). Exec events take a snapshot at once, with the kernel's comm and filename as a fallback
/// when /proc is already gone. Single-threaded: the capture thread uses it.
/// </summary>
public sealed class ProcessDirectory(string nodeName, TimeProvider time, string procRoot = "/proc") : IWorkloadResolver
{
    private const int MaxCommandLength = 1024;
    private static readonly TimeSpan KeepAfterExit = TimeSpan.FromMinutes(2);

    private readonly Dictionary<int, WorkloadIdentity> _known = [];
    private readonly Queue<(int Pid, DateTimeOffset At)> _exited = new();

    public int Count => _known.Count;

    public WorkloadIdentity Resolve(int pid)
    {
        if (!_known.TryGetValue(pid, out var identity))
        {
            identity = Read(pid, fallback: null);
            _known[pid] = identity;
        }

        return identity;
    }

    public void OnExec(ProcessEvent process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _known[process.Pid] = Read(process.Pid, process);
    }

    public void OnExit(ProcessEvent process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _exited.Enqueue((process.Pid, process.At));
    }

    /// <summary>Forgets processes that exited more than two minutes ago.</summary>
    public void Sweep()
    {
        var cutoff = time.GetUtcNow() - KeepAfterExit;
        while (_exited.TryPeek(out var head) && head.At < cutoff)
        {
            _exited.Dequeue();
            _known.Remove(head.Pid);
        }
    }

    private WorkloadIdentity Read(int pid, ProcessEvent? fallback)
    {
        var dir = $"{procRoot}/{pid}";
        // When the process is already gone, the path it exec'd, symlinks resolved as /proc/<pid>/exe would show it.
        var executable = TryRead(() => File.ResolveLinkTarget($"{dir}/exe", returnFinalTarget: false)?.FullName)
            ?? (fallback?.Executable is { } exec ? TryRead(() => File.ResolveLinkTarget(exec, returnFinalTarget: true)?.FullName) ?? exec : null);
        var command = TryRead(() => CommandLine($"{dir}/cmdline")) ?? fallback?.Command;
        var (containerId, podUid) = TryRead(() => CgroupPath.Parse(File.ReadLines($"{dir}/cgroup")));
        string? pod = null;
        string? ns = null;
        if (podUid is not null)
        {
            // Inside a pod the host name is the pod's name, and the service account mount names its namespace.
            pod = TryRead(() => File.ReadAllText($"{dir}/root/etc/hostname").Trim());
            ns = TryRead(() => File.ReadAllText($"{dir}/root/var/run/secrets/kubernetes.io/serviceaccount/namespace").Trim());
        }

        return new WorkloadIdentity
        {
            Node = nodeName,
            Pid = pid,
            Command = command,
            Executable = executable,
            ContainerId = containerId,
            Pod = string.IsNullOrEmpty(pod) ? null : pod,
            Namespace = string.IsNullOrEmpty(ns) ? null : ns,
        };
    }

    private static string? CommandLine(string path)
    {
        var text = File.ReadAllText(path).TrimEnd('\0').Replace('\0', ' ');
        return text.Length == 0 ? null : text.Length > MaxCommandLength ? text[..MaxCommandLength] : text;
    }

    private static T? TryRead<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default; // gone, or not ours to read: the fallback applies
        }
    }
}
