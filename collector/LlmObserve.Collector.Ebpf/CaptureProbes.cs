using LlmObserve.Collector.Ebpf.Events;
using LlmObserve.Collector.Ebpf.Native;
using LlmObserve.Collector.Pipeline.Http;

namespace LlmObserve.Collector.Ebpf;

/// <summary>Settings of the kernel side, fixed at load.</summary>
public sealed record CaptureProbeOptions
{
    /// <summary>The compiled object; by default next to this assembly.</summary>
    public string ObjectPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "bpf", "llmobserve.bpf.o");

    /// <summary>Bytes of one message (a run of one direction until the other sends) the kernel sends at most, per connection (0 = unlimited).</summary>
    public ulong ConnectionByteCap { get; init; } = 64UL << 20;

    /// <summary>Ring buffer size in bytes (a power of two, a multiple of the page size).</summary>
    public uint RingBufferBytes { get; init; } = 16U << 20;

    /// <summary>Ports of plaintext model servers whose sockets are captured (Ollama 11434, vLLM 8000 …).</summary>
    public IReadOnlyCollection<int> PlaintextPorts { get; init; } = [];
}

/// <summary>
/// The loaded capture programs: tracepoints attached at start, uprobes attached per TLS library by
/// <see cref="TlsLibraryAttacher"/>, and the maps the collector fills. Owned by one service.
/// </summary>
public sealed class CaptureProbes : IConnectionControl, IDisposable
{
    private readonly BpfObject _object;
    private readonly List<BpfLinkHandle> _links = [];
    private readonly BpfMap _muted;
    private readonly BpfMap _ignoredPids;
    private readonly BpfMap _counters;

    private CaptureProbes(BpfObject bpfObject)
    {
        _object = bpfObject;
        _muted = bpfObject.Map("muted");
        _ignoredPids = bpfObject.Map("ignored_pids");
        _counters = bpfObject.Map("counters");
        Events = bpfObject.Map("events");
    }

    internal BpfMap Events { get; }

    internal BpfObject Object => _object;

    /// <summary>Loads the object through the verifier and attaches the syscall and process tracepoints.</summary>
    public static CaptureProbes Load(CaptureProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.ObjectPath))
        {
            throw new FileNotFoundException($"The eBPF object {options.ObjectPath} is missing: build the collector with clang installed (see bpf/Makefile).", options.ObjectPath);
        }

        var bpfObject = BpfObject.Open(options.ObjectPath);
        try
        {
            bpfObject.SetInitialValue(".rodata.config", new llmo_config
            {
                conn_byte_cap = options.ConnectionByteCap,
                collector_pid = (uint)Environment.ProcessId,
                wakeup_bytes = 256 << 10,
            });
            bpfObject.SetMaxEntries("events", options.RingBufferBytes);
            bpfObject.Load();
            var probes = new CaptureProbes(bpfObject);
            var ports = bpfObject.Map("plain_ports");
            foreach (var port in options.PlaintextPorts)
            {
                ports.Update((ushort)port, (byte)1);
            }

            probes.AttachTracepoints();
            return probes;
        }
        catch
        {
            bpfObject.Dispose();
            throw;
        }
    }

    /// <summary>A reader for the ring buffer; at most <paramref name="maxQueuedBytes"/> wait in user space.</summary>
    public RingBufferReader CreateReader(long maxQueuedBytes) => new(Events, maxQueuedBytes);

    /// <inheritdoc />
    public void Mute(ulong connectionId) => _muted.Update(connectionId, (byte)1);

    /// <summary>Stops capturing a process (outside the watched namespaces or commands).</summary>
    public void IgnoreProcess(int pid) => _ignoredPids.Update((uint)pid, (byte)1);

    /// <summary>Forgets a process that exited, so its pid can be watched when reused.</summary>
    public void ForgetProcess(int pid) => _ignoredPids.Delete((uint)pid);

    /// <summary>The kernel counters summed over CPUs, by name (see <see cref="KernelCounters"/>).</summary>
    public IReadOnlyDictionary<string, long> ReadCounters()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < KernelCounters.Names.Count; i++)
        {
            result[KernelCounters.Names[i]] = (long)_counters.SumPerCpu((uint)i);
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var link in _links)
        {
            link.Dispose();
        }

        _object.Dispose();
    }

    private void AttachTracepoints()
    {
        foreach (var program in _object.Programs())
        {
            if (program.Section.StartsWith("tracepoint/", StringComparison.Ordinal))
            {
                _links.Add(program.Attach());
            }
        }
    }
}
