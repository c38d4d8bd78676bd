using LlmObserve.Collector.Ebpf;
using LlmObserve.Collector.Ebpf.Attach;
using LlmObserve.Collector.Ebpf.Events;
using LlmObserve.Collector.Enrichment;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Capture;

/// <summary>
/// The capture side of the daemon: loads the eBPF programs, attaches to TLS libraries of running
/// and new processes, and runs the pipeline (decode → HTTP/1.1 → LLM recognition, enrichment and
/// redaction in <see cref="IExchangeSink"/> → shipper) on one thread of its own. Everything the
/// pipeline holds is touched only by that thread; heartbeats read <see cref="CollectorState"/>.
/// </summary>
public sealed partial class CaptureService(
    CaptureOptions options,
    ProcessDirectory processes,
    CaptureProbeOptions probeOptions,
    Func<IExchangeSink> sinkFactory,
    CollectorState state,
    CounterTotals totals,
    ILogger<CaptureService> logger,
    TimeProvider time) : BackgroundService, ICaptureEventSink
{
    private static readonly TimeSpan[] RescanDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)];
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleDetach = TimeSpan.FromMinutes(5);

    private readonly ProcessFilter _filter = new(options);
    private readonly PriorityQueue<int, DateTimeOffset> _rescans = new();
    private CaptureProbes? _probes;
    private TlsLibraryAttacher? _attacher;
    private HttpStage? _stage;
    private DateTimeOffset _nextFullScan;
    private DateTimeOffset _nextSweep;
    private DateTimeOffset _nextPublish;
    private Dictionary<string, long> _reportedDrops = new(StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Run(CancellationToken stoppingToken)
    {
        if (KernelSupport.EnsureTracefs() is { } tracefsProblem)
        {
            throw new InvalidOperationException($"{tracefsProblem}; run `llmobserve-collector doctor` for what this node needs.");
        }

        using var probes = _probes = CaptureProbes.Load(probeOptions);
        using var attacher = _attacher = new TlsLibraryAttacher(probes);
        using var stage = _stage = new HttpStage(
            new HttpStageOptions { MaxBodyBytes = options.BodyCapBytes, IdleTimeout = options.IdleTimeout },
            sinkFactory(),
            probes);
        attacher.AttachLibrariesIn("/");

        ScanAllProcesses();
        var decoder = new EventDecoder(new KernelClock(time), this);
        using var reader = probes.CreateReader(options.MaxQueuedBytes);
        reader.Start();
        LogStarted(logger, probeOptions.ObjectPath, attacher.Targets.Count);
        while (!stoppingToken.IsCancellationRequested)
        {
            var drained = 0;
            while (drained < 4096 && reader.Events.TryRead(out var raw))
            {
                decoder.Decode(raw.Buffer.AsMemory(0, raw.Length));
                reader.Release(raw);
                drained++;
            }

            Tick();
            if (drained == 0)
            {
                await WaitForEvents(reader, stoppingToken).ConfigureAwait(false);
            }
        }

        stage.Sweep(DateTimeOffset.MaxValue); // hand on what is still pending: the shipper spools it
        LogStopping(logger);
    }

    private static async Task WaitForEvents(RingBufferReader reader, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(TickInterval);
        try
        {
            await reader.Events.WaitToReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // a tick with nothing to read, or stopping: the loop decides
        }
    }

    /// <summary>Time-based work, on the capture thread: idle exchanges, late libraries, heartbeat state.</summary>
    private void Tick()
    {
        var now = time.GetUtcNow();
        if (now >= _nextSweep)
        {
            _nextSweep = now + TickInterval;
            _stage!.Sweep(now);
            processes.Sweep();
        }

        while (_rescans.TryPeek(out var pid, out var due) && due <= now)
        {
            _rescans.Dequeue();
            Cover(pid);
        }

        if (now >= _nextFullScan)
        {
            _nextFullScan = now + options.RescanInterval;
            ScanAllProcesses();
            _attacher!.DetachIdle(now - IdleDetach);
        }

        if (now >= _nextPublish)
        {
            _nextPublish = now + PublishInterval;
            var kernel = _probes!.ReadCounters();
            state.Publish(Targets(), kernel);
            ReportDrops(kernel);
        }
    }

    /// <summary>Logs the drop counters that grew since the last report, so losses are visible without a backend.</summary>
    private void ReportDrops(IReadOnlyDictionary<string, long> kernel)
    {
        var drops = totals.Snapshot().Concat(kernel).Where(c => c.Key.StartsWith("dropped.", StringComparison.Ordinal) && c.Value > 0)
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var grown = drops.Where(d => d.Value > _reportedDrops.GetValueOrDefault(d.Key)).Select(d => $"{d.Key}={d.Value - _reportedDrops.GetValueOrDefault(d.Key)}").ToList();
        if (grown.Count > 0)
        {
            LogDrops(logger, string.Join(", ", grown));
        }

        _reportedDrops = drops;
    }

    private void ScanAllProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId)
            {
                Cover(pid);
            }
        }
    }

    /// <summary>Applies the process filter, and attaches to the process's TLS files.</summary>
    private void Cover(int pid)
    {
        if (!_filter.WatchesEverything && !_filter.ShouldCapture(processes.Resolve(pid)))
        {
            _probes!.IgnoreProcess(pid);
            return;
        }

        _attacher!.AttachProcess(pid);
    }

    private Dictionary<string, string> Targets()
    {
        var targets = _attacher!.Targets.ToDictionary(t => t.Path, t => $"{t.Status}, {t.Processes} process(es)", StringComparer.Ordinal);
        targets["files without OpenSSL symbols (static, stripped or other TLS)"] = _attacher.WithoutSymbols.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return targets;
    }

    void ICaptureEventSink.OnData(in DataChunk chunk) => _stage!.OnChunk(chunk);

    void ICaptureEventSink.OnConnection(ConnectionOpened connection) => _stage!.OnConnectionOpened(connection);

    void ICaptureEventSink.OnClose(ulong connectionId, DateTimeOffset at) => _stage!.OnConnectionClosed(connectionId, at);

    void ICaptureEventSink.OnExec(ProcessEvent process)
    {
        processes.OnExec(process);
        Cover(process.Pid);

        // The dynamic loader maps libssl after exec; look again shortly.
        var now = time.GetUtcNow();
        foreach (var delay in RescanDelays)
        {
            _rescans.Enqueue(process.Pid, now + delay);
        }
    }

    void ICaptureEventSink.OnExit(ProcessEvent process)
    {
        processes.OnExit(process);
        _attacher!.ProcessExited(process.Pid, process.At);
        _probes!.ForgetProcess(process.Pid);
    }

    [LoggerMessage(1, LogLevel.Information, "Capture started ({ObjectPath}); {Targets} TLS file(s) probed")]
    private static partial void LogStarted(ILogger logger, string objectPath, int targets);

    [LoggerMessage(3, LogLevel.Information, "Dropped since the last report: {Drops}")]
    private static partial void LogDrops(ILogger logger, string drops);

    [LoggerMessage(2, LogLevel.Information, "Capture stopping")]
    private static partial void LogStopping(ILogger logger);
}
