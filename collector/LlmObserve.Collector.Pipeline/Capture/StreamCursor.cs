namespace LlmObserve.Collector.Pipeline.Capture;

/// <summary>
/// Where one direction of one connection stands in its byte stream (<see cref="DataChunk.Offset"/>).
/// Chunks are taken in arrival order, which is the kernel's order for a direction: a chunk that starts
/// behind the cursor repeats bytes already seen (they are trimmed), one that starts past it follows lost
/// bytes (a gap). Nothing is re-ordered, so nothing has to be held back.
/// </summary>
internal struct StreamCursor
{
    private ulong _next;
    private bool _started;

    /// <summary>A cursor for a stream seen from its first byte: a first chunk past offset 0 follows a loss.</summary>
    public static StreamCursor FromStart() => new() { _started = true };

    /// <summary>
    /// Places a chunk: <paramref name="skip"/> leading bytes were seen before, <paramref name="lost"/> bytes
    /// between the cursor and the chunk never arrived. A cursor not started from the beginning starts at the
    /// first chunk it sees.
    /// </summary>
    public void Place(ulong offset, int length, out int skip, out ulong lost)
    {
        if (!_started)
        {
            _started = true;
            _next = offset;
        }

        var end = offset + (ulong)length;
        if (offset > _next)
        {
            lost = offset - _next;
            skip = 0;
            _next = end;
            return;
        }

        lost = 0;
        skip = (int)Math.Min(_next - offset, (ulong)length);
        _next = Math.Max(_next, end);
    }
}
