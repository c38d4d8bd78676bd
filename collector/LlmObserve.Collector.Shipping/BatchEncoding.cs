using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Shipping;

/// <summary>A batch as it goes on the wire and into the spool: gzip-compressed CaptureBatch JSON.</summary>
/// <param name="Payload">The request body; never modified once built.</param>
/// <param name="Exchanges">How many exchanges it carries (for counting drops and deliveries).</param>
internal sealed record EncodedBatch(byte[] Payload, int Exchanges);

/// <summary>
/// Serializes with the contracts' <see cref="CaptureJson"/> and gzips. Stateless and thread-safe.
/// </summary>
internal static class BatchEncoding
{
    /// <summary>Per exchange, what the JSON adds to the bodies and headers (names, ids, times, workload).</summary>
    private const int ExchangeOverheadBytes = 768;

    /// <summary>
    /// A cheap guess of an exchange's JSON size, for cutting batches before encoding them. It can be
    /// low (non-ASCII text is escaped as \uXXXX), so <see cref="EncodeWithin"/> measures the real size.
    /// </summary>
    public static long EstimateJsonBytes(CapturedExchange exchange)
    {
        long size = ExchangeOverheadBytes + exchange.Request.Path.Length;
        size += MessageBytes(exchange.Request);
        if (exchange.Response is { } response)
        {
            size += MessageBytes(response);
        }

        return size;

        static long MessageBytes(CapturedMessage message)
        {
            long bytes = message.Body?.Length ?? 0;
            foreach (var header in message.Headers)
            {
                bytes += header.Name.Length + header.Value.Length + 24;
            }

            return bytes;
        }
    }

    /// <summary>
    /// Encodes <paramref name="exchanges"/> as one batch, or as halves (recursively) when its JSON is
    /// over <paramref name="maxJsonBytes"/>. A single exchange over the limit goes alone: the backend's
    /// own limits are several times larger than any exchange the collector builds.
    /// </summary>
    public static IEnumerable<EncodedBatch> EncodeWithin(IReadOnlyList<CapturedExchange> exchanges, long maxJsonBytes)
    {
        var (payload, jsonBytes) = Encode(exchanges);
        if (jsonBytes <= maxJsonBytes || exchanges.Count == 1)
        {
            return [new EncodedBatch(payload, exchanges.Count)];
        }

        var (left, right) = Halves(exchanges);
        return EncodeWithin(left, maxJsonBytes).Concat(EncodeWithin(right, maxJsonBytes));
    }

    /// <summary>Whether the exchange serializes at all (the contract's required members are set).</summary>
    public static bool CanEncode(CapturedExchange exchange)
    {
        try
        {
            JsonSerializer.Serialize(Stream.Null, exchange, CaptureJson.Default.CapturedExchange);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }

    public static (IReadOnlyList<CapturedExchange> Left, IReadOnlyList<CapturedExchange> Right) Halves(IReadOnlyList<CapturedExchange> exchanges)
    {
        var middle = exchanges.Count / 2;
        return ([.. exchanges.Take(middle)], [.. exchanges.Skip(middle)]);
    }

    /// <summary>Reads a payload back (to split a batch the backend found too large).</summary>
    public static CaptureBatch Decode(byte[] payload)
    {
        using var gzip = new GZipStream(new MemoryStream(payload, writable: false), CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, CaptureJson.Default.CaptureBatch)
            ?? throw new InvalidDataException("The batch is JSON null.");
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless <paramref name="payload"/> is one whole gzip
    /// member: zlib checks the CRC, and the trailer's length catches a file cut short.
    /// </summary>
    public static void Verify(byte[] payload)
    {
        if (payload.Length < 18 || payload[0] != 0x1f || payload[1] != 0x8b)
        {
            throw new InvalidDataException("not gzip data");
        }

        using var gzip = new GZipStream(new MemoryStream(payload, writable: false), CompressionMode.Decompress);
        using var counter = new CountingStream();
        gzip.CopyTo(counter);
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(payload.Length - 4));
        if ((uint)counter.Length != expected)
        {
            throw new InvalidDataException($"gzip data is truncated ({counter.Length} bytes decompressed, the trailer says {expected})");
        }
    }

    private static (byte[] Payload, long JsonBytes) Encode(IReadOnlyList<CapturedExchange> exchanges)
    {
        var batch = new CaptureBatch { SchemaVersion = CaptureSchema.CurrentVersion, Exchanges = exchanges };
        using var output = new MemoryStream();
        long jsonBytes;

        // Fastest: the collector must stay thin on CPU; text still shrinks several times.
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var counter = new CountingStream(gzip))
        {
            JsonSerializer.Serialize(counter, batch, CaptureJson.Default.CaptureBatch);
            jsonBytes = counter.Length;
        }

        return (output.ToArray(), jsonBytes);
    }

    /// <summary>Counts what is written through it (to <paramref name="inner"/>, or nowhere).</summary>
    private sealed class CountingStream(Stream? inner = null) : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner?.Write(buffer);
            _length += buffer.Length;
        }

        public override void Flush() => inner?.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
