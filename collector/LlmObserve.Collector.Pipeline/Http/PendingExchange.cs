namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// A request from the moment its head is parsed until its exchange is handed on: the request body, whether
/// the sink wants it, and the response as it completes.
/// </summary>
internal sealed class PendingExchange(HttpRequestHead request, DateTimeOffset startedAt)
{
    public HttpRequestHead Request { get; } = request;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Set when the request is complete.</summary>
    public HttpBody? RequestBody { get; set; }

    /// <summary>The sink's answer, asked once the request is complete; null until then.</summary>
    public bool? Wanted { get; set; }

    public HttpResponseHead? Response { get; set; }

    public HttpBody? ResponseBody { get; set; }

    /// <summary>When the response's last byte was captured (or when it was handed on cut short).</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Stage budget held by the request body until the exchange is handed on.</summary>
    public int ReservedBytes { get; set; }

    /// <summary>The exchange went to the sink (each goes once).</summary>
    public bool HandedOn { get; set; }

    public bool RequestDone => RequestBody is not null;

    /// <summary>The response is complete, or will never be seen (close, loss, give-up).</summary>
    public bool ResponseDone { get; set; }

    /// <summary>Server-sent events, NDJSON or AWS event streams: the response came as a stream of parts.</summary>
    public bool Streamed => Response is not null
        && HeaderValues.MediaType(Response.Headers) is "text/event-stream" or "application/x-ndjson" or "application/vnd.amazon.eventstream";
}
