using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Tests.Support;

/// <summary>
/// Plays one connection into a stage the way the kernel side does: chunks with per-direction offsets and
/// timestamps. Each chunk is copied into one reused buffer that is scribbled over after the call, so a
/// stage that keeps a reference to chunk data instead of copying it fails the tests.
/// </summary>
internal sealed class ConnectionFeeder(HttpStage stage, ulong connectionId = 1, CaptureSource source = CaptureSource.OpenSslUprobe, int pid = 4242)
{
    private readonly byte[] _scratch = new byte[256 * 1024];
    private ulong _egress;
    private ulong _ingress;

    public static DateTimeOffset Epoch { get; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public ulong ConnectionId => connectionId;

    /// <summary>The timestamp of the next chunk; every chunk advances it by one millisecond.</summary>
    public DateTimeOffset Now { get; set; } = Epoch;

    public ConnectionFeeder Open(CapturedConnection? addresses = null)
    {
        stage.OnConnectionOpened(new ConnectionOpened(connectionId, pid, source, addresses));
        return this;
    }

    /// <summary>Client writes: the bytes go out in chunks cut at the given positions.</summary>
    public ConnectionFeeder Send(byte[] data, params int[] cuts) => Write(StreamDirection.Egress, data, cuts);

    /// <summary>Client reads.</summary>
    public ConnectionFeeder Receive(byte[] data, params int[] cuts) => Write(StreamDirection.Ingress, data, cuts);

    public ConnectionFeeder SendBytewise(byte[] data) => Write(StreamDirection.Egress, data, [.. Enumerable.Range(1, data.Length - 1)]);

    public ConnectionFeeder ReceiveBytewise(byte[] data) => Write(StreamDirection.Ingress, data, [.. Enumerable.Range(1, data.Length - 1)]);

    /// <summary>Chunks of a fixed size (the kernel side's chunking of one large write).</summary>
    public ConnectionFeeder WriteSized(StreamDirection direction, byte[] data, int size)
    {
        var cuts = new List<int>();
        for (var at = size; at < data.Length; at += size)
        {
            cuts.Add(at);
        }

        return Write(direction, data, [.. cuts]);
    }

    public ConnectionFeeder Write(StreamDirection direction, byte[] data, params int[] cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Append(data.Length).Select(c => Math.Min(c, data.Length)))
        {
            if (cut > start)
            {
                Chunk(direction, data.AsSpan(start, cut - start));
            }

            start = Math.Max(start, cut);
        }

        return this;
    }

    /// <summary>One chunk at the direction's current offset (or at <paramref name="offset"/> to replay or skip).</summary>
    public ConnectionFeeder Chunk(StreamDirection direction, ReadOnlySpan<byte> data, ChunkFlags flags = ChunkFlags.None, ulong? offset = null)
    {
        ref var position = ref direction == StreamDirection.Egress ? ref _egress : ref _ingress;
        var at = offset ?? position;
        data.CopyTo(_scratch);
        stage.OnChunk(new DataChunk(connectionId, pid, pid + 1, source, direction, at, Now, flags, _scratch.AsMemory(0, data.Length)));
        _scratch.AsSpan(0, data.Length).Fill(0xEE);
        position = Math.Max(position, at + (ulong)data.Length);
        Now = Now.AddMilliseconds(1);
        return this;
    }

    /// <summary>The capture loses bytes of a direction: the next chunk's offset jumps past them.</summary>
    public ConnectionFeeder Lose(StreamDirection direction, int bytes)
    {
        if (direction == StreamDirection.Egress)
        {
            _egress += (ulong)bytes;
        }
        else
        {
            _ingress += (ulong)bytes;
        }

        return this;
    }

    public void Close() => stage.OnConnectionClosed(connectionId, Now);
}
