using System.Buffers;
using System.IO.Compression;

namespace LlmObserve.Collector.Pipeline.Content;

/// <summary>
/// gzip and deflate. HTTP's "deflate" is meant to be zlib-wrapped, but some servers send raw deflate:
/// the first two bytes tell which (a zlib header is CM=8 with a checksum that is a multiple of 31).
/// </summary>
internal sealed class InflateDecoder(BodyCollector output, long maxDecodedBytes, bool gzip) : ContentDecoder(output, maxDecodedBytes)
{
    private readonly FeedStream _input = new();
    private Stream? _decompressor;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decompressor?.Dispose();
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override void Decode(ReadOnlySpan<byte> encoded)
    {
        while (!encoded.IsEmpty && !Stopped)
        {
            encoded = encoded[_input.Fill(encoded)..];
            _decompressor ??= Open();
            if (_decompressor is null)
            {
                continue; // raw or zlib deflate: the second byte has not arrived yet
            }

            Drain(_decompressor);
        }
    }

    private Stream? Open()
    {
        if (gzip)
        {
            return new GZipStream(_input, CompressionMode.Decompress, leaveOpen: true);
        }

        if (_input.Available < 2)
        {
            return null;
        }

        var header = _input.Pending;
        var zlib = (header[0] & 0x0F) == 8 && ((header[0] << 8) | header[1]) % 31 == 0;
        return zlib
            ? new ZLibStream(_input, CompressionMode.Decompress, leaveOpen: true)
            : new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    private void Drain(Stream decompressor)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(ScratchSize);
        try
        {
            int read;
            while ((read = decompressor.Read(scratch, 0, ScratchSize)) > 0)
            {
                if (!Emit(scratch.AsSpan(0, read)))
                {
                    return;
                }
            }

            // A read of 0 with input left means the compressed data ended: the rest is trailing bytes.
            _input.Clear();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Stop(gzip ? DecodeErrors.InvalidGzip : DecodeErrors.InvalidDeflate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
