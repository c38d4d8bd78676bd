using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Capture;

/// <summary>Which way bytes went, seen from the captured process.</summary>
public enum StreamDirection : byte
{
    /// <summary>The process wrote them (SSL_write, write/send …): a client's requests.</summary>
    Egress = 0,

    /// <summary>The process read them (SSL_read, read/recv …): a client's responses.</summary>
    Ingress = 1,
}

/// <summary>Loss markers the kernel side sets on a chunk (LLMO_FLAG_* in bpf/llmobserve.h).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Mirrors the kernel header's flags.")]
public enum ChunkFlags : uint
{
    None = 0,

    /// <summary>The per-connection byte cap was reached: nothing more of this direction will come.</summary>
    Truncated = 1,

    /// <summary>Bytes before this chunk were lost (ring buffer full); <see cref="DataChunk.Offset"/> tells how many.</summary>
    LostBefore = 2,
}

/// <summary>
/// One piece of a connection's byte stream in one direction, in the order the kernel sent it.
/// <see cref="Offset"/> counts the bytes of this direction before this chunk, so a gap is a loss.
/// <see cref="Data"/> is only valid during the call that receives the chunk (the buffer is reused).
/// </summary>
public readonly record struct DataChunk(
    ulong ConnectionId,
    int Pid,
    int Tid,
    CaptureSource Source,
    StreamDirection Direction,
    ulong Offset,
    DateTimeOffset Timestamp,
    ChunkFlags Flags,
    ReadOnlyMemory<byte> Data);

/// <summary>A connection the kernel side announced before its first chunk: its process and addresses, when known.</summary>
public sealed record ConnectionOpened(ulong ConnectionId, int Pid, CaptureSource Source, CapturedConnection? Addresses);
