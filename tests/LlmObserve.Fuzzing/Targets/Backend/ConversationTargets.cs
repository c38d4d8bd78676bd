using System.Text;
using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Conversations;
using LlmObserve.Fuzzing.Harness;

namespace LlmObserve.Fuzzing.Targets.Backend;

/// <summary>
/// The provider payload normalizers behind <see cref="ConversationNormalizer.Normalize"/>, called as the scanner
/// (<c>ScanSubject</c>) and the console (<c>ExchangeViews</c>) call it: with nothing around it, since it promises a
/// parse status instead of an exception. So no exception may escape; the ones it catches itself
/// (<c>JsonException</c>, <c>InvalidOperationException</c>, <c>FormatException</c>) are its documented rejection.
/// </summary>
public abstract class ConversationTarget : IFuzzTarget
{
    /// <summary>The APIs and the response content types the normalizer reads, picked by an input's first byte.</summary>
    protected static readonly (string Provider, string Endpoint, string ContentType)[] Apis =
    [
        (LlmProviders.OpenAi, LlmEndpoints.ChatCompletions, "text/event-stream"),
        (LlmProviders.OpenAi, LlmEndpoints.Responses, "text/event-stream"),
        (LlmProviders.Anthropic, LlmEndpoints.Messages, "text/event-stream"),
        (LlmProviders.Gemini, LlmEndpoints.GenerateContent, "application/json"),
        (LlmProviders.Gemini, LlmEndpoints.StreamGenerateContent, "text/event-stream"),
        (LlmProviders.Bedrock, LlmEndpoints.Converse, "application/json"),
        (LlmProviders.Bedrock, LlmEndpoints.InvokeModel, "application/json"),
        (LlmProviders.Ollama, LlmEndpoints.OllamaChat, "application/x-ndjson"),
        (LlmProviders.Ollama, LlmEndpoints.OllamaGenerate, "application/x-ndjson"),
        (LlmProviders.OpenAi, LlmEndpoints.Embeddings, "application/json"),
    ];

    /// <summary>Separates the request body from the response body in an input.</summary>
    public static readonly byte[] Marker = "\0@@response@@\0"u8.ToArray();

    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public abstract string Name { get; }

    public string Parser => "ConversationNormalizer (OpenAiChatFormat, OpenAiResponsesFormat, AnthropicMessagesFormat, GeminiFormat, BedrockFormat, OllamaFormat, Payload)";

    public IReadOnlyList<byte[]> Dictionary { get; } = [.. new[]
    {
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "1e400", "\\u0000", "\\ud800", "\n", "\n\n", "\r\n", "data: ", "event: ",
        "[DONE]", "\"role\":", "\"user\"", "\"assistant\"", "\"system\"", "\"tool\"", "\"content\":", "\"text\":", "\"type\":", "\"messages\":",
        "\"choices\":", "\"delta\":", "\"tool_calls\":", "\"function\":", "\"arguments\":", "\"index\":", "\"model\":", "\"usage\":",
        "\"candidates\":", "\"parts\":", "\"functionCall\":", "\"output\":", "\"input\":", "\"content_block\":", "\"partial_json\":",
        "\"message\":", "\"response\":", "\"done\":", "\"toolUse\":", "\"generation\":", "\"prompt\":", "\"system\":",
    }.Select(Encoding.UTF8.GetBytes), Marker];

    public int MaxInputLength => 64 * 1024;

    /// <summary>JsonDocument and the strings it yields: 64 bytes per input byte and 1 MiB.</summary>
    public long AllocationBound(int inputLength) => 64L * inputLength + (1L << 20);

    public bool IsHandledByCaller(Exception exception) => false;

    /// <summary>The normalizer has no catch-all: whatever it does not catch escapes, so what it catches is by design.</summary>
    public bool IsCaughtByDesign(Exception exception) => true;

    public abstract ulong Run(byte[] input);

    /// <summary>Normalizes one exchange and returns the outcome feature: statuses, counts, the first error's shape.</summary>
    protected static ulong Normalize(byte control, string? request, string? response, bool streamed)
    {
        var (provider, endpoint, contentType) = Apis[control % Apis.Length];
        var exchange = new CapturedExchange
        {
            Id = Guid.Empty,
            CapturedAt = Start,
            CompletedAt = Start.AddMilliseconds(850),
            Source = CaptureSource.OpenSslUprobe,
            Workload = new WorkloadIdentity { Node = "fuzz-node", Pid = 42 },
            Request = new CapturedRequest
            {
                Method = "POST",
                Path = "/v1/" + endpoint,
                Body = request,
                BodyTruncated = (control & 0x40) != 0,
                Headers = [new HttpHeader("content-type", "application/json")],
            },
            Response = response is null ? null : new CapturedResponse
            {
                StatusCode = 200,
                Body = response,
                BodyTruncated = (control & 0x80) != 0,
                Headers = [new HttpHeader("Content-Type", streamed ? contentType : "application/json")],
            },
            Streamed = streamed,
            Llm = new LlmCall { Provider = provider, Endpoint = endpoint, Model = (control & 0x20) != 0 ? "gpt-4o" : null },
        };

        var c = ConversationNormalizer.Normalize(exchange);
        return new FeatureHash()
            .Add((ulong)c.RequestStatus).Add((ulong)c.ResponseStatus).Add(c.Streamed)
            .Add(FeatureHash.Bucket(c.Messages.Count)).Add(FeatureHash.Bucket(c.Tools.Count)).Add(FeatureHash.Bucket(c.ResponseToolCalls.Count))
            .Add(FeatureHash.Bucket(c.ParseErrors.Count)).AddShape(c.ParseErrors.Count > 0 ? c.ParseErrors[0] : null, 40)
            .Add(c.Model is null).Value;
    }
}

/// <summary>Request and response JSON of every provider shape. Input: a control byte, the request, <see cref="ConversationTarget.Marker"/>, the response.</summary>
public sealed class ProviderPayloadsTarget : ConversationTarget
{
    public override string Name => "provider-payloads";

    public override ulong Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 1)
        {
            return 0;
        }

        var body = input.AsSpan(1);
        var at = body.IndexOf(Marker);
        var request = at < 0 ? body : body[..at];
        var response = at < 0 ? ReadOnlySpan<byte>.Empty : body[(at + Marker.Length)..];
        return Normalize(input[0], Encoding.UTF8.GetString(request), at < 0 ? null : Encoding.UTF8.GetString(response), streamed: false);
    }
}

/// <summary>
/// Streamed responses: server-sent events and NDJSON reassembled by <c>Payload</c> and each provider's stream reader.
/// Input: a control byte, then the response body.
/// </summary>
public sealed class StreamPayloadsTarget : ConversationTarget
{
    private const string Request = """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    public override string Name => "sse-ndjson";

    public override ulong Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Length < 1 ? 0 : Normalize(input[0], Request, Encoding.UTF8.GetString(input.AsSpan(1)), streamed: true);
    }
}
