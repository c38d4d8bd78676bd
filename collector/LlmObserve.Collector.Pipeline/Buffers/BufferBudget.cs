namespace LlmObserve.Collector.Pipeline.Buffers;

/// <summary>
/// The bytes one stage may hold at once across all its connections (heads being parsed, bodies being kept).
/// Per-connection caps times the connection cap is far more than a thin node agent may use, so the stage
/// also has this one shared cap; what does not fit is cut and counted, never queued.
/// </summary>
/// <remarks>Not thread-safe: owned by the pipeline thread, like the stage that creates it.</remarks>
internal sealed class BufferBudget(long capacity)
{
    public long Capacity { get; } = capacity;

    public long InUse { get; private set; }

    public bool TryReserve(int bytes)
    {
        if (InUse + bytes > Capacity)
        {
            return false;
        }

        InUse += bytes;
        return true;
    }

    public void Release(int bytes) => InUse -= bytes;
}
