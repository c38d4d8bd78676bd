using LlmObserve.Collector.Pipeline.Buffers;
using LlmObserve.Collector.Pipeline.Content;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Reads one message body by its framing: removes the transfer coding, then the content coding, and keeps
/// the result up to the body cap. It follows the framing to the end even past the cap, so the next message
/// on a keep-alive connection starts where it should.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only. Dispose returns the body's buffers.</remarks>
internal sealed class BodyReader : IDisposable
{
    private readonly Framing _framing;
    private readonly ChunkedDecoder? _chunked;
    private readonly BodyCollector _collector;
    private readonly ContentDecoder _content;
    private long _remaining;

    public BodyReader(BodyPlan plan, HttpStageOptions options, BufferBudget budget)
    {
        _framing = plan.Framing;
        _remaining = plan.Length;
        _chunked = plan.Framing == Framing.Chunked ? new ChunkedDecoder() : null;
        _collector = new BodyCollector(options.MaxBodyBytes, budget, plan.Discard);
        _content = ContentDecoder.Create(plan.ContentEncoding, _collector, options.MaxDecodedBytes, plan.Discard);
    }

    public bool IsComplete => _framing switch
    {
        Framing.Length => _remaining == 0,
        Framing.Chunked => _chunked!.IsDone,
        _ => false,
    };

    public bool IsMalformed => _chunked?.IsMalformed == true;

    /// <summary>The body ends when the connection closes, so a close completes it.</summary>
    public bool EndsAtClose => _framing == Framing.UntilClose;

    /// <summary>Reads what belongs to this body; returns how many bytes of <paramref name="data"/> it took.</summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        switch (_framing)
        {
            case Framing.Length:
                var count = (int)Math.Min(_remaining, data.Length);
                _content.Write(data[..count]);
                _remaining -= count;
                return count;
            case Framing.Chunked:
                return _chunked!.Feed(data, _content);
            default:
                _content.Write(data);
                return data.Length;
        }
    }

    /// <summary>
    /// Accounts for bytes the capture lost inside this body. False when the loss breaks the framing (it
    /// may have swallowed the body's end): the message then ends here.
    /// </summary>
    public bool TrySkipLost(long lost)
    {
        var skipped = _framing switch
        {
            Framing.Length when lost <= _remaining => true,
            Framing.Chunked => _chunked!.TrySkip(lost),
            Framing.UntilClose => true,
            _ => false,
        };
        if (!skipped)
        {
            _collector.AddLost(lost);
            return false;
        }

        if (_framing == Framing.Length)
        {
            _remaining -= lost;
        }

        _content.OnLost(lost);
        return true;
    }

    public HttpBody Finish(bool complete) => _collector.ToBody(complete);

    public void Dispose()
    {
        _content.Dispose();
        _collector.Dispose();
    }
}
