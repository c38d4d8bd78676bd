using System.Buffers;
using LlmObserve.Collector.Pipeline.Buffers;

namespace LlmObserve.Collector.Pipeline.Http;

internal enum HeadStatus
{
    NeedMore,
    Complete,
    TooLarge,
    OverBudget,
}

/// <summary>
/// Collects the bytes of one message head (start line and headers) until the empty line that ends it,
/// across as many chunks as it takes. A head that arrives whole in one chunk is not copied at all.
/// The buffer is rented only while a head is incomplete and returned by <see cref="Clear"/>, so idle
/// keep-alive connections hold no memory.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class HeadAccumulator(int maxHeadBytes, BufferBudget budget) : IDisposable
{
    private byte[]? _buffer;
    private int _length;
    private int _scanFrom;

    public bool IsEmpty => _length == 0;

    public int Length => _length;

    /// <summary>
    /// Adds <paramref name="data"/> to the head. <paramref name="consumed"/> tells how many bytes of it
    /// belong to the head; <paramref name="head"/> is the head so far (whole when Complete), valid until the
    /// next call or <see cref="Clear"/>.
    /// </summary>
    public HeadStatus Append(ReadOnlySpan<byte> data, out int consumed, out ReadOnlySpan<byte> head)
    {
        if (_length == 0)
        {
            var end = FindEnd(data, 0);
            if (end > 0)
            {
                consumed = end;
                head = data[..end];
                return end <= maxHeadBytes ? HeadStatus.Complete : HeadStatus.TooLarge;
            }
        }

        var take = Math.Min(maxHeadBytes - _length, data.Length);
        if (!Ensure(_length + take))
        {
            consumed = 0;
            head = default;
            return HeadStatus.OverBudget;
        }

        data[..take].CopyTo(_buffer.AsSpan(_length));
        var before = _length;
        _length += take;
        var found = FindEnd(_buffer.AsSpan(0, _length), _scanFrom);
        if (found > 0)
        {
            consumed = found - before;
            head = _buffer.AsSpan(0, found);
            return HeadStatus.Complete;
        }

        // An LF in the last two bytes may still be completed by the next chunk.
        _scanFrom = Math.Max(0, _length - 2);
        consumed = take;
        head = _buffer.AsSpan(0, _length);
        return _length >= maxHeadBytes ? HeadStatus.TooLarge : HeadStatus.NeedMore;
    }

    public void Clear()
    {
        if (_buffer is not null)
        {
            budget.Release(_buffer.Length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _length = 0;
        _scanFrom = 0;
    }

    public void Dispose() => Clear();

    /// <summary>The index just past the empty line ending a head (CRLF or bare LF line ends), or -1.</summary>
    internal static int FindEnd(ReadOnlySpan<byte> span, int from)
    {
        var i = from;
        while (i < span.Length)
        {
            var lf = span[i..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            i += lf;
            if (i + 1 < span.Length && span[i + 1] == '\n')
            {
                return i + 2;
            }

            if (i + 2 < span.Length && span[i + 1] == '\r' && span[i + 2] == '\n')
            {
                return i + 3;
            }

            i++;
        }

        return -1;
    }

    private bool Ensure(int needed)
    {
        if (_buffer is not null && _buffer.Length >= needed)
        {
            return true;
        }

        var size = Math.Max(1024, (int)Math.Min(maxHeadBytes, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed)));
        var old = _buffer?.Length ?? 0;
        var next = ArrayPool<byte>.Shared.Rent(size);
        if (!budget.TryReserve(next.Length - old))
        {
            ArrayPool<byte>.Shared.Return(next);
            return false;
        }

        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _length).CopyTo(next);
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = next;
        return true;
    }
}
