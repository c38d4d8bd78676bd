using LlmObserve.Collector.Pipeline.Buffers;
using LlmObserve.Collector.Pipeline.Http;

namespace LlmObserve.Collector.Pipeline.Content;

/// <summary>
/// The decoded bytes of one message body: keeps them up to the body cap, counts all of them (the size the
/// wire format reports), and notes losses and decoding errors.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class BodyCollector : IDisposable
{
    private readonly SegmentedBuffer? _kept;
    private bool _truncated;

    /// <param name="discard">Keep nothing, only count (bodies of unwanted or unpaired messages).</param>
    public BodyCollector(int cap, BufferBudget budget, bool discard)
    {
        _kept = discard ? null : new SegmentedBuffer(cap, budget);
    }

    public long DecodedSize { get; private set; }

    public long LostBytes { get; private set; }

    public string? DecodeError { get; private set; }

    public void Append(ReadOnlySpan<byte> decoded)
    {
        DecodedSize += decoded.Length;
        if (_kept is not null && _kept.Append(decoded) < decoded.Length)
        {
            _truncated = true;
        }
    }

    public void AddLost(long bytes) => LostBytes += bytes;

    /// <summary>Notes why decoding stopped; <paramref name="cut"/> when the body is therefore incomplete.</summary>
    public void Fail(string error, bool cut)
    {
        DecodeError ??= error;
        _truncated |= cut;
    }

    /// <summary>The body as the stage hands it on; <paramref name="complete"/> is false when its end was never seen.</summary>
    public HttpBody ToBody(bool complete)
    {
        if (_kept is null)
        {
            return new HttpBody(ReadOnlyMemory<byte>.Empty, DecodedSize, Truncated: false, LostBytes, DecodeError);
        }

        var content = _kept.ToArray();
        if (DecodedSize > content.Length)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.BodyCap, DecodedSize - content.Length);
        }

        if (_kept.BudgetExhausted)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.BodyBudget);
        }

        if (DecodeError is not null)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DecodeError);
        }

        return new HttpBody(content, DecodedSize, _truncated || !complete, LostBytes, DecodeError);
    }

    public void Dispose() => _kept?.Dispose();
}
