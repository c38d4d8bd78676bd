using LlmObserve.Collector.Pipeline.Buffers;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// One connection as the HTTP/1.1 stage sees it from the client side: requests on Egress, responses on
/// Ingress, paired first in, first out (what keep-alive and pipelining guarantee). A request is offered to
/// the sink once complete; its exchange is handed on once its response is complete too, or when the
/// response will never come (close, idle timeout, loss).
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class HttpConnection : IMessageHandler, IDisposable
{
    private readonly IExchangeSink _sink;
    private readonly HttpStageOptions _options;
    private readonly MessageReader _requests;
    private readonly MessageReader _responses;
    private readonly BufferBudget _budget;
    private readonly Queue<PendingExchange> _awaiting = new(); // request head seen, response not started
    private PendingExchange? _request;   // request being read
    private PendingExchange? _response;  // exchange whose response is being read; null while skipping an unpaired one
    private bool _anyWanted;
    private int _reserved; // budget held by the request bodies of wanted exchanges still waiting for their responses

    public HttpConnection(ulong id, int pid, CaptureSource source, CapturedConnection? addresses, Start start, IExchangeSink sink, HttpStageOptions options, BufferBudget budget)
    {
        Id = id;
        Pid = pid;
        Source = source;
        Addresses = addresses;
        _sink = sink;
        _options = options;
        _budget = budget;
        _requests = new MessageReader(MessageKind.Request, this, options, budget, start);
        _responses = new MessageReader(MessageKind.Response, this, options, budget, start);
    }

    public ulong Id { get; }

    public int Pid { get; }

    public CaptureSource Source { get; }

    public CapturedConnection? Addresses { get; }

    public DateTimeOffset LastActivity { get; set; }

    /// <summary>Reads one chunk; returns why the connection must be given up, or null.</summary>
    public string? Accept(in DataChunk chunk)
    {
        LastActivity = chunk.Timestamp;
        return (chunk.Direction == StreamDirection.Egress ? _requests : _responses).Accept(chunk);
    }

    /// <summary>
    /// Nothing more will be read (closed, idle, evicted): finishes both directions and hands on every wanted
    /// exchange, with whatever part of its response was seen. Returns a drop reason met on the way, or null.
    /// </summary>
    public string? Complete(DateTimeOffset at, bool closed)
    {
        // Requests first: a request finished here may still pair with the response being read.
        var requestReason = _requests.Finish(at, closed);
        var responseReason = _responses.Finish(at, closed);
        while (_awaiting.TryDequeue(out var entry))
        {
            entry.ResponseDone = true;
            TryHandOn(entry);
        }

        return requestReason ?? responseReason;
    }

    /// <summary>The connection is given up mid-stream: hands on the wanted exchanges whose requests are complete.</summary>
    public void Abandon()
    {
        if (_response is not null)
        {
            _response.ResponseDone = true;
            TryHandOn(_response);
        }

        while (_awaiting.TryDequeue(out var entry))
        {
            entry.ResponseDone = true;
            TryHandOn(entry);
        }
    }

    public void Dispose()
    {
        _requests.Dispose();
        _responses.Dispose();
        _budget.Release(_reserved);
        _reserved = 0;
    }

    BodyPlan IMessageHandler.OnRequestHead(HttpRequestHead head, DateTimeOffset startedAt, bool afterLoss)
    {
        if (_awaiting.Count >= _options.MaxPendingRequests)
        {
            return BodyPlan.Reject(DropReasons.TooManyPending);
        }

        _request = new PendingExchange(head, startedAt);
        _awaiting.Enqueue(_request);
        return BodyFraming.ForRequest(head);
    }

    string? IMessageHandler.OnRequestComplete(HttpBody body, DateTimeOffset at)
    {
        var entry = _request!;
        _request = null;
        var wanted = _sink.IsWanted(Id, entry.Request, body, Source, Addresses);
        entry.Wanted = wanted;
        entry.RequestBody = wanted ? Retain(entry, body) : body with { Content = ReadOnlyMemory<byte>.Empty };
        if (!wanted && !_anyWanted)
        {
            return DropReasons.NotLlm; // the connection carries no LLM traffic: the stage mutes it
        }

        if (!wanted)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.NotLlm); // one request on an LLM connection
        }

        _anyWanted |= wanted;
        TryHandOn(entry);
        return null;
    }

    BodyPlan IMessageHandler.OnResponseHead(HttpResponseHead head, bool afterLoss)
    {
        if (afterLoss)
        {
            // Found after lost bytes: without pipelining it answers the newest request, and the responses
            // of the older ones were in the loss.
            while (_awaiting.Count > 1)
            {
                var lost = _awaiting.Dequeue();
                lost.ResponseDone = true;
                TryHandOn(lost);
            }
        }

        var entry = _awaiting.Count > 0 ? _awaiting.Peek() : null;
        var plan = BodyFraming.ForResponse(head, entry?.Request.Method);
        if (plan.Interim || plan.RejectReason is not null)
        {
            return plan;
        }

        if (entry is null)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.UnpairedResponse);
            return plan with { Discard = true };
        }

        _awaiting.Dequeue();
        _response = entry;
        entry.Response = head;
        return plan with { Discard = entry.Wanted == false };
    }

    string? IMessageHandler.OnResponseComplete(HttpBody body, DateTimeOffset at)
    {
        var entry = _response;
        _response = null;
        if (entry is null)
        {
            return null;
        }

        entry.ResponseBody = body;
        entry.CompletedAt = at;
        entry.ResponseDone = true;
        TryHandOn(entry);
        var status = entry.Response!.StatusCode;
        var switched = status == 101 || (entry.Request.Method == "CONNECT" && status is >= 200 and < 300);
        return switched ? DropReasons.Upgraded : null;
    }

    private void TryHandOn(PendingExchange entry)
    {
        if (!entry.RequestDone || !entry.ResponseDone || entry.Wanted != true || entry.HandedOn)
        {
            return;
        }

        entry.HandedOn = true;
        _budget.Release(entry.ReservedBytes);
        _reserved -= entry.ReservedBytes;
        CollectorMetrics.Processed(DropReasons.HttpStage, "exchanges");
        _sink.Completed(new HttpExchange(
            Id, Pid, Source, Addresses, entry.StartedAt, entry.Request, entry.RequestBody!, entry.CompletedAt,
            entry.Response, entry.ResponseBody, entry.Streamed));
    }

    /// <summary>
    /// A wanted request body waits for its response (a streamed answer can take minutes), so it stays
    /// counted in the stage's budget until handed on; when the budget is spent, only its size is kept.
    /// </summary>
    private HttpBody Retain(PendingExchange entry, HttpBody body)
    {
        var size = body.Content.Length;
        if (!_budget.TryReserve(size))
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.BodyBudget);
            return body with { Content = ReadOnlyMemory<byte>.Empty, Truncated = true };
        }

        entry.ReservedBytes = size;
        _reserved += size;
        return body;
    }
}
