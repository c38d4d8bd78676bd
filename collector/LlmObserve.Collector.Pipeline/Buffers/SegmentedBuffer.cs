using System.Buffers;

namespace LlmObserve.Collector.Pipeline.Buffers;

/// <summary>
/// Bytes kept in fixed-size segments rented from the shared array pool, up to a cap. Appending never
/// copies what is already kept (unlike a growing array or MemoryStream), and memory is reserved from the
/// stage's <see cref="BufferBudget"/> one segment at a time. Dispose returns the segments.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class SegmentedBuffer(int cap, BufferBudget budget) : IDisposable
{
    internal const int SegmentSize = 16 * 1024;

    private readonly List<byte[]> _segments = [];

    public int Length { get; private set; }

    /// <summary>The stage-wide budget refused a segment: the kept bytes stop short of the cap.</summary>
    public bool BudgetExhausted { get; private set; }

    /// <summary>Keeps as much of <paramref name="data"/> as the cap and the budget allow; returns how much was kept.</summary>
    public int Append(ReadOnlySpan<byte> data)
    {
        // Once a segment was refused nothing more is kept: later bytes would leave a hole in the body.
        var kept = 0;
        while (!data.IsEmpty && Length < cap && !BudgetExhausted)
        {
            var index = Length / SegmentSize;
            var offset = Length % SegmentSize;
            if (index == _segments.Count)
            {
                if (!budget.TryReserve(SegmentSize))
                {
                    BudgetExhausted = true;
                    break;
                }

                _segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
            }

            var count = Math.Min(Math.Min(data.Length, SegmentSize - offset), cap - Length);
            data[..count].CopyTo(_segments[index].AsSpan(offset));
            data = data[count..];
            Length += count;
            kept += count;
        }

        return kept;
    }

    /// <summary>One contiguous copy of the kept bytes, owned by the caller (it outlives the segments).</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(Length);
        var written = 0;
        foreach (var segment in _segments)
        {
            var count = Math.Min(SegmentSize, Length - written);
            segment.AsSpan(0, count).CopyTo(result.AsSpan(written));
            written += count;
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            ArrayPool<byte>.Shared.Return(segment);
            budget.Release(SegmentSize);
        }

        _segments.Clear();
        Length = 0;
    }
}
