using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>How <see cref="ChunkFeeder"/> plays a connection's bytes, from one control byte of the input.</summary>
[Flags]
internal enum FeedControl : byte
{
    None = 0,

    /// <summary>Plaintext socket instead of an OpenSSL uprobe.</summary>
    Plaintext = 1,

    /// <summary>The kernel announced the connection (with addresses) before its first chunk.</summary>
    Announced = 2,

    /// <summary>The connection closes at the end; otherwise it goes idle and is swept.</summary>
    Closed = 4,

    /// <summary>One chunk in the middle is lost (the next one carries the gap and the lost-before flag).</summary>
    Loss = 8,

    /// <summary>The last chunk of each direction carries the kernel's truncated flag.</summary>
    Truncated = 16,

    /// <summary>The directions interleave at random; otherwise all client bytes come before the server's.</summary>
    Interleaved = 32,
}

/// <summary>
/// Feeds one connection's client and server bytes to the stage as the kernel would: chunks of 1 byte to 16 KiB,
/// offsets per direction, flags, in an order drawn from a seed, so the parser meets every split of every field.
/// </summary>
internal static class ChunkFeeder
{
    private static readonly int[] ChunkSizes = [1, 2, 3, 5, 8, 13, 64, 100, 512, 1500, 4096, 16384];

    public static void Feed(HttpStage stage, ulong connectionId, ReadOnlyMemory<byte> client, ReadOnlyMemory<byte> server, FeedControl control, int seed)
    {
        var random = new Random(seed);
        var source = control.HasFlag(FeedControl.Plaintext) ? CaptureSource.PlaintextSocket : CaptureSource.OpenSslUprobe;
        if (control.HasFlag(FeedControl.Announced))
        {
            var port = source == CaptureSource.PlaintextSocket ? 11434 : 443;
            stage.OnConnectionOpened(new ConnectionOpened(connectionId, 4242, source,
                new CapturedConnection { RemoteAddress = "10.0.0.7", RemotePort = port, ServerName = "api.openai.com" }));
        }

        var clientChunks = Split(client, random);
        var serverChunks = Split(server, random);
        var lostAt = control.HasFlag(FeedControl.Loss) ? random.Next(Math.Max(1, clientChunks.Count + serverChunks.Count)) : -1;
        var (c, s, step) = (0, 0, 0);
        var offsets = new ulong[2];
        var lostBefore = new bool[2];
        var at = CaptureRig.Start;
        while (c < clientChunks.Count || s < serverChunks.Count)
        {
            var fromClient = s >= serverChunks.Count
                || (c < clientChunks.Count && (!control.HasFlag(FeedControl.Interleaved) || random.Next(2) == 0));
            var (chunks, index, direction) = fromClient
                ? (clientChunks, c++, StreamDirection.Egress)
                : (serverChunks, s++, StreamDirection.Ingress);
            var data = chunks[index];
            var d = (int)direction;
            at = at.AddMilliseconds(1);
            if (step++ == lostAt)
            {
                offsets[d] += (ulong)data.Length;
                lostBefore[d] = true;
                continue;
            }

            var flags = lostBefore[d] ? ChunkFlags.LostBefore : ChunkFlags.None;
            if (control.HasFlag(FeedControl.Truncated) && index == chunks.Count - 1)
            {
                flags |= ChunkFlags.Truncated;
            }

            stage.OnChunk(new DataChunk(connectionId, 4242, 4243, source, direction, offsets[d], at, flags, data));
            offsets[d] += (ulong)data.Length;
            lostBefore[d] = false;
        }

        if (control.HasFlag(FeedControl.Closed))
        {
            stage.OnConnectionClosed(connectionId, at.AddMilliseconds(1));
        }
        else
        {
            stage.Sweep(at + CaptureRig.Options.IdleTimeout + TimeSpan.FromSeconds(1));
        }
    }

    private static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> bytes, Random random)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        var whole = random.Next(4) == 0; // often one chunk per write, as a client writes a small request
        while (!bytes.IsEmpty)
        {
            var size = whole ? 16384 : ChunkSizes[random.Next(ChunkSizes.Length)];
            var take = Math.Min(size, bytes.Length);
            chunks.Add(bytes[..take]);
            bytes = bytes[take..];
        }

        return chunks;
    }
}
