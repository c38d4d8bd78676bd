using System.Text;
using LlmObserve.Collector.Ebpf;
using LlmObserve.Collector.Ebpf.Attach;
using LlmObserve.Collector.Ebpf.Events;
using LlmObserve.Collector.Pipeline.Capture;

namespace LlmObserve.Collector.Capture;

/// <summary>
/// <c>llmobserve-collector trace</c>: prints the kernel's raw capture events (connections, chunks
/// with their first bytes, exec/exit) — for an operator checking coverage of one workload, and for
/// us checking the kernel side without the backend.
/// </summary>
public static class TraceCommand
{
    public static async Task<int> RunAsync(TextWriter output, CaptureProbeOptions options, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var tracefs = KernelSupport.EnsureTracefs();
        if (tracefs is not null)
        {
            await output.WriteLineAsync(tracefs).ConfigureAwait(false);
            return 1;
        }

        using var probes = CaptureProbes.Load(options);
        using var attacher = new TlsLibraryAttacher(probes);
        attacher.AttachLibrariesIn("/");

        var sink = new PrintingSink(output, attacher);
        var decoder = new EventDecoder(new KernelClock(TimeProvider.System), sink);
        using var reader = probes.CreateReader(64L << 20);
        reader.Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(duration);
        try
        {
            await foreach (var raw in reader.Events.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                decoder.Decode(raw.Buffer.AsMemory(0, raw.Length));
                reader.Release(raw);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the duration ended
        }

        foreach (var (name, value) in probes.ReadCounters())
        {
            await output.WriteLineAsync($"counter {name} = {value}").ConfigureAwait(false);
        }

        return 0;
    }

    private sealed class PrintingSink(TextWriter output, TlsLibraryAttacher attacher) : ICaptureEventSink
    {
        public void OnData(in DataChunk chunk)
        {
            var preview = Encoding.ASCII.GetString(chunk.Data.Span[..Math.Min(60, chunk.Data.Length)]).ReplaceLineEndings("⏎");
            output.WriteLine($"data  conn={chunk.ConnectionId} pid={chunk.Pid} {chunk.Source} {chunk.Direction} off={chunk.Offset} len={chunk.Data.Length} flags={chunk.Flags} {preview}");
        }

        public void OnConnection(ConnectionOpened connection) =>
            output.WriteLine($"conn  conn={connection.ConnectionId} pid={connection.Pid} {connection.Source} {connection.Addresses?.RemoteAddress}:{connection.Addresses?.RemotePort}");

        public void OnClose(ulong connectionId, DateTimeOffset at) => output.WriteLine($"close conn={connectionId}");

        public void OnExec(ProcessEvent process)
        {
            var covered = attacher.AttachProcess(process.Pid);
            output.WriteLine($"exec  pid={process.Pid} {process.Command} {process.Executable} tls={(covered ? "covered" : "-")}");
        }

        public void OnExit(ProcessEvent process)
        {
            attacher.ProcessExited(process.Pid, process.At);
            output.WriteLine($"exit  pid={process.Pid} {process.Command}");
        }
    }
}
