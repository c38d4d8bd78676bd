using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using LlmObserve.Collector.Ebpf.Native;
using LlmObserve.Collector.Pipeline;
using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Events;

/// <summary>A ring-buffer record copied out of the kernel's buffer; return <see cref="Buffer"/> to the shared pool.</summary>
public readonly record struct RawEvent(byte[] Buffer, int Length);

/// <summary>
/// Polls the kernel ring buffer on a dedicated thread. The native callback only copies each record
/// into a pooled array and hands it to a channel: it never throws and never blocks. When the
/// consumer falls behind by more than <c>maxQueuedBytes</c>, records are dropped and counted
/// (<c>dropped.source.queue_full</c>), so memory stays bounded.
/// </summary>
public sealed unsafe class RingBufferReader : IDisposable
{
    private readonly Channel<RawEvent> _channel = Channel.CreateUnbounded<RawEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly long _maxQueuedBytes;
    private readonly RingBufferHandle _ring;
    private readonly Thread _thread;
    private GCHandle _self;
    private long _queuedBytes;
    private volatile bool _stopping;

    internal RingBufferReader(BpfMap events, long maxQueuedBytes)
    {
        _maxQueuedBytes = maxQueuedBytes;
        _self = GCHandle.Alloc(this);
        var ring = Libbpf.ring_buffer__new(events.Fd, &OnSample, GCHandle.ToIntPtr(_self), 0);
        _ring = new RingBufferHandle(LibbpfException.Check(ring, "ring_buffer__new", events.Name));
        _thread = new Thread(Poll) { IsBackground = true, Name = "llmobserve-ringbuf" };
    }

    /// <summary>Records in kernel order. The reader must call <see cref="Release"/> for each.</summary>
    public ChannelReader<RawEvent> Events => _channel.Reader;

    public long PollErrors { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Gives a record's buffer back once the consumer is done with it.</summary>
    public void Release(RawEvent raw)
    {
        Interlocked.Add(ref _queuedBytes, -raw.Length);
        ArrayPool<byte>.Shared.Return(raw.Buffer);
    }

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _channel.Writer.TryComplete();
        _ring.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    private void Poll()
    {
        while (!_stopping)
        {
            // The kernel side wakes us only when 256 KiB wait; otherwise the records are picked up here
            // within 50 ms: a poll that times out consumes nothing, so consume explicitly.
            var result = Libbpf.ring_buffer__poll(_ring.DangerousGetHandle(), 50);
            if (result == 0)
            {
                result = Libbpf.ring_buffer__consume(_ring.DangerousGetHandle());
            }
            if (result < 0 && result != -4)
            {
                // Anything but EINTR: count it and keep going after a pause rather than spin.
                PollErrors++;
                Thread.Sleep(100);
            }
        }
    }

    [UnmanagedCallersOnly]
    private static int OnSample(nint context, nint data, nuint size)
    {
        try
        {
            var self = (RingBufferReader)GCHandle.FromIntPtr(context).Target!;
            self.Enqueue(new ReadOnlySpan<byte>((void*)data, checked((int)size)));
        }
        catch (Exception)
        {
            CollectorMetrics.Dropped("source", "callback_error");
        }

        return 0;
    }

    private void Enqueue(ReadOnlySpan<byte> record)
    {
        if (Interlocked.Add(ref _queuedBytes, record.Length) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -record.Length);
            CollectorMetrics.Dropped("source", "queue_full");
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(record.Length);
        record.CopyTo(buffer);
        _channel.Writer.TryWrite(new RawEvent(buffer, record.Length));
    }
}
