using LlmObserve.Contracts.Capture;

namespace LlmObserve.Detection.Tests;

/// <summary>Captured exchanges around request and response bodies, as the collector ships them.</summary>
internal static class ConversationExchanges
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static CapturedExchange Of(string provider, string endpoint, string? requestBody, string? responseBody, bool streamed = false,
        string contentType = "application/json", bool responseTruncated = false, string? model = null) => new()
    {
        Id = Guid.CreateVersion7(),
        CapturedAt = Start,
        CompletedAt = Start.AddMilliseconds(850),
        Source = CaptureSource.OpenSslUprobe,
        Workload = new WorkloadIdentity { Node = "node-1", Pid = 42 },
        Request = new CapturedRequest { Method = "POST", Path = "/v1/" + endpoint, Body = requestBody, Headers = [new HttpHeader("content-type", "application/json")] },
        Response = responseBody is null ? null : new CapturedResponse
        {
            StatusCode = 200,
            Body = responseBody,
            BodyTruncated = responseTruncated,
            Headers = [new HttpHeader("Content-Type", streamed ? contentType : "application/json")],
        },
        Streamed = streamed,
        Llm = new LlmCall { Provider = provider, Endpoint = endpoint, Model = model },
    };

    /// <summary>Server-sent events: <c>data:</c> lines, each event ended by a blank line.</summary>
    public static string Sse(params string[] data) => string.Concat(data.Select(d => $"data: {d}\n\n"));

    /// <summary>Server-sent events with names, as Anthropic and the Responses API send them.</summary>
    public static string NamedSse(params (string Name, string Data)[] events) => string.Concat(events.Select(e => $"event: {e.Name}\ndata: {e.Data}\n\n"));
}
