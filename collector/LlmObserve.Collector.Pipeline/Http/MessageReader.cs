using LlmObserve.Collector.Pipeline.Buffers;
using LlmObserve.Collector.Pipeline.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Reads one direction of one connection as a sequence of HTTP/1.x messages: head, then body by its
/// framing, then the next head. Owns the direction's place in the stream (gaps, duplicates), the head being
/// collected and the body being read.
/// </summary>
/// <remarks>
/// After a loss the framing may be gone, so the reader resynchronizes: it skips chunks until one starts
/// with a message (the kernel sends one chunk per read or write call, and messages start at call
/// boundaries). A stream not seen from its first byte starts that way too.
/// Not thread-safe: used by the pipeline thread only.
/// </remarks>
internal sealed class MessageReader : IDisposable
{
    private readonly MessageKind _kind;
    private readonly IMessageHandler _handler;
    private readonly HttpStageOptions _options;
    private readonly BufferBudget _budget;
    private readonly HeadAccumulator _head;
    private readonly ResyncScanner _resync;
    private StreamCursor _cursor;
    private State _state;
    private bool _firstBytes;
    private readonly bool _mayBeJoined;
    private bool _afterLoss;
    private int _messages;
    private BodyReader? _body;
    private DateTimeOffset _startedAt;

    /// <param name="start">
    /// Whether the stream is seen from its first byte, so its first bytes tell whether it is HTTP at all
    /// (<see cref="Start.MaybeJoined"/>: unless they start no message, then it is read like a stream joined late).
    /// </param>
    public MessageReader(MessageKind kind, IMessageHandler handler, HttpStageOptions options, BufferBudget budget, Start start)
    {
        _kind = kind;
        _handler = handler;
        _options = options;
        _budget = budget;
        _head = new HeadAccumulator(options.MaxHeadBytes, budget);
        _resync = new ResyncScanner(options.MaxResyncBytes);
        _cursor = start == Start.Unknown ? default : StreamCursor.FromStart();
        _state = start == Start.Unknown ? State.Resync : State.Head;
        _firstBytes = start != Start.Unknown;
        _mayBeJoined = start == Start.MaybeJoined;
    }

    private enum State
    {
        Head,
        Body,
        Resync,
        Ended,
    }

    private MessageStart Expected => _kind == MessageKind.Request ? MessageStart.Request : MessageStart.Response;

    /// <summary>Takes one chunk of this direction; returns why the connection must be given up, or null.</summary>
    public string? Accept(in DataChunk chunk)
    {
        var data = chunk.Data.Span;
        _cursor.Place(chunk.Offset, data.Length, out var skip, out var lost);
        var reason = lost > 0 ? OnLost((long)Math.Min(lost, long.MaxValue), chunk.Timestamp) : null;
        if (skip > 0 && skip == data.Length)
        {
            CollectorMetrics.Dropped(DropReasons.ReassemblyStage, DropReasons.Duplicate);
        }
        else if (reason is null)
        {
            reason = Feed(data[skip..], chunkStart: skip == 0, chunk.Timestamp);
        }

        if (reason is null && (chunk.Flags & ChunkFlags.Truncated) != ChunkFlags.None)
        {
            reason = Interrupt(chunk.Timestamp); // the kernel's cap cut this message; the next one is sent again
        }

        return reason;
    }

    /// <summary>
    /// Nothing more will come (close, idle timeout): a body that ends at close is complete when
    /// <paramref name="closed"/>, any other unfinished body is handed on cut short.
    /// </summary>
    public string? Finish(DateTimeOffset at, bool closed)
    {
        var reason = _state == State.Body ? CompleteMessage(closed && _body!.EndsAtClose, at) : null;
        DiscardHead();
        _state = State.Ended;
        return reason;
    }

    public void Dispose()
    {
        _body?.Dispose();
        _head.Dispose();
    }

    private string? OnLost(long lost, DateTimeOffset at)
    {
        CollectorMetrics.Dropped(DropReasons.ReassemblyStage, DropReasons.LostBytes, lost);
        if (_state == State.Body && _body!.TrySkipLost(lost))
        {
            _firstBytes = false;
            return _body.IsComplete ? CompleteMessage(complete: true, at) : null;
        }

        return Interrupt(at);
    }

    /// <summary>
    /// The rest of the message being read will not come (lost, or cut by the kernel's per-message cap): it is
    /// handed on cut short, and reading resumes at the next message.
    /// </summary>
    private string? Interrupt(DateTimeOffset at)
    {
        _firstBytes = false;
        string? reason = null;
        switch (_state)
        {
            case State.Body:
                reason = CompleteMessage(complete: false, at);
                break;
            case State.Head:
                DiscardHead();
                break;
            default:
                return null;
        }

        _state = State.Resync;
        _afterLoss = true;
        _resync.Restart();
        return reason;
    }

    private string? Feed(ReadOnlySpan<byte> data, bool chunkStart, DateTimeOffset at)
    {
        while (!data.IsEmpty)
        {
            switch (_state)
            {
                case State.Ended:
                    CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.AfterEnd, data.Length);
                    return null;
                case State.Resync when chunkStart && HttpSniffer.Classify(data) == Expected:
                    _state = State.Head;
                    break;
                case State.Resync:
                    return _resync.Skip(data, chunkStart, _messages);
                case State.Head:
                    if (ReadHead(ref data, at) is { } headReason)
                    {
                        return headReason;
                    }

                    break;
                default:
                    if (ReadBody(ref data, at) is { } bodyReason)
                    {
                        return bodyReason;
                    }

                    break;
            }
        }

        return null;
    }

    private string? ReadHead(ref ReadOnlySpan<byte> data, DateTimeOffset at)
    {
        if (_head.IsEmpty)
        {
            data = data.TrimStart("\r\n"u8); // RFC 9112 2.2: empty lines before a request line are ignored
            if (data.IsEmpty)
            {
                return null;
            }

            _startedAt = at;
        }

        var status = _head.Append(data, out var consumed, out var head);
        if (_firstBytes)
        {
            var start = HttpSniffer.Classify(head);
            if (start == MessageStart.NeedMore && status == HeadStatus.NeedMore)
            {
                data = data[consumed..];
                return null;
            }

            if (start == MessageStart.Other && _mayBeJoined)
            {
                // Joined mid-message: skip to the next message start, as after a loss. Messages start at
                // call boundaries, so the rest of this chunk goes too.
                CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.Resync, head.Length + data.Length - consumed);
                data = default;
                _head.Clear();
                _firstBytes = false;
                _state = State.Resync;
                _afterLoss = true;
                _resync.Restart();
                return null;
            }

            if (start != Expected)
            {
                return HttpSniffer.RejectFirstBytes(_kind, start);
            }

            _firstBytes = false;
        }

        data = data[consumed..];
        return status switch
        {
            HeadStatus.NeedMore => null,
            HeadStatus.TooLarge => DropReasons.HeaderLimit,
            HeadStatus.OverBudget => DropReasons.MemoryBudget,
            _ => StartMessage(head, at),
        };
    }

    private string? StartMessage(ReadOnlySpan<byte> head, DateTimeOffset at)
    {
        BodyPlan plan;
        if (_kind == MessageKind.Request)
        {
            var error = HeadParser.ParseRequest(head, _options.MaxHeaderCount, out var request);
            _head.Clear();
            plan = error is null ? _handler.OnRequestHead(request!, _startedAt, _afterLoss) : BodyPlan.Reject(error);
        }
        else
        {
            var error = HeadParser.ParseResponse(head, _options.MaxHeaderCount, out var response);
            _head.Clear();
            plan = error is null ? _handler.OnResponseHead(response!, _afterLoss) : BodyPlan.Reject(error);
        }

        _afterLoss = false;
        _resync.Restart();
        _messages++;
        if (plan.RejectReason is not null || plan.Interim)
        {
            return plan.RejectReason;
        }

        if (plan.Framing == Framing.None)
        {
            return CompleteMessage(complete: true, at);
        }

        _body = new BodyReader(plan, _options, _budget);
        _state = State.Body;
        return null;
    }

    private string? ReadBody(ref ReadOnlySpan<byte> data, DateTimeOffset at)
    {
        data = data[_body!.Feed(data)..];
        if (_body.IsMalformed)
        {
            return DropReasons.Malformed;
        }

        return _body.IsComplete ? CompleteMessage(complete: true, at) : null;
    }

    private string? CompleteMessage(bool complete, DateTimeOffset at)
    {
        var body = _body?.Finish(complete) ?? HttpBody.Empty;
        _body?.Dispose();
        _body = null;
        _state = State.Head;
        return _kind == MessageKind.Request ? _handler.OnRequestComplete(body, at) : _handler.OnResponseComplete(body, at);
    }

    private void DiscardHead()
    {
        if (!_head.IsEmpty)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.IncompleteHead, _head.Length);
            _head.Clear();
        }
    }
}

