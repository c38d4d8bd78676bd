using System.Buffers;

namespace LlmObserve.Collector.Pipeline.Content;

/// <summary>
/// The input side of a pull-based decompression stream (GZipStream, ZLibStream, DeflateStream) fed by
/// push: the decoder fills it with the bytes that arrived, then reads the decompressor until it returns 0.
/// Returning 0 here only means "no input yet"; the decompressors keep their state and resume on the next
/// read (non-strict validation, the runtime's default).
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class FeedStream : Stream
{
    private const int Capacity = 16 * 1024;

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private int _start;
    private int _end;

    public int Available => _end - _start;

    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, Available);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Takes as much of <paramref name="data"/> as fits; returns how much.</summary>
    public int Fill(ReadOnlySpan<byte> data)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(FeedStream));
        if (_start > 0)
        {
            buffer.AsSpan(_start, Available).CopyTo(buffer);
            _end -= _start;
            _start = 0;
        }

        var count = Math.Min(data.Length, buffer.Length - _end);
        data[..count].CopyTo(buffer.AsSpan(_end));
        _end += count;
        return count;
    }

    /// <summary>Forgets unread input (trailing bytes after the end of the compressed data).</summary>
    public void Clear() => _start = _end = 0;

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, Available);
        Pending[..count].CopyTo(buffer);
        _start += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }
}
