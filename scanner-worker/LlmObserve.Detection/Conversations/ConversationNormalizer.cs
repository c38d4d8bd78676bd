using System.Text.Json;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Detection.Conversations;

/// <summary>
/// Turns a captured exchange into a <see cref="Conversation"/>, by the API the collector recognized. A payload
/// it cannot read is kept with a parse status and an error, never an exception: a worker must not stop on a
/// provider's surprise or on a body cut by the capture.
/// </summary>
public static class ConversationNormalizer
{
    public static Conversation Normalize(CapturedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var streamed = exchange.Streamed || IsStream(exchange.Response) || exchange.Llm?.Endpoint == LlmEndpoints.StreamGenerateContent;
        var latency = exchange.CompletedAt - exchange.CapturedAt;
        var baseline = new Conversation
        {
            Provider = exchange.Llm?.Provider,
            Api = exchange.Llm?.Endpoint,
            Model = exchange.Llm?.Model,
            Streamed = streamed,
            Latency = latency >= TimeSpan.Zero ? latency : null,
        };
        var api = exchange.Llm?.Endpoint ?? ApiOfPath(exchange.Request.Path);
        if (FormatFor(api) is not { } format)
        {
            return baseline with
            {
                RequestStatus = ParseStatus.Unsupported,
                ResponseStatus = ParseStatus.Unsupported,
                ParseErrors = [$"no conversation reader for the API '{api ?? "unknown"}'"],
            };
        }

        var draft = new ConversationDraft();
        var errors = new List<string>();
        var requestStatus = Read(exchange.Request, "request", errors, draft, body =>
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"the body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            format.ReadRequest(document.RootElement, draft);
        });
        draft.Model ??= exchange.Llm?.Model; // the model asked for: in the body, else in the path (Gemini, Bedrock)
        var responseStatus = exchange.Response is { } response
            ? Read(response, "response", errors, draft, body => format.ReadResponse(body, streamed, draft))
            : Missing("response", "no response was captured", errors);
        return draft.ToConversation(baseline) with
        {
            RequestStatus = requestStatus,
            ResponseStatus = responseStatus,
            ParseErrors = errors,
        };
    }

    /// <summary>
    /// The API an exchange from a collector that predates LLM recognition (no <c>llm</c>) most likely called, by the
    /// path's well-known ending; null when the path says nothing.
    /// </summary>
    private static string? ApiOfPath(string path)
    {
        var end = path.AsSpan();
        end = end[..(end.IndexOf('?') is var q and >= 0 ? q : end.Length)];
        return end switch
        {
            _ when end.EndsWith("/chat/completions", StringComparison.Ordinal) => LlmEndpoints.ChatCompletions,
            _ when end.EndsWith("/responses", StringComparison.Ordinal) => LlmEndpoints.Responses,
            _ when end.EndsWith("/v1/messages", StringComparison.Ordinal) => LlmEndpoints.Messages,
            _ when end.EndsWith(":streamGenerateContent", StringComparison.Ordinal) => LlmEndpoints.StreamGenerateContent,
            _ when end.EndsWith(":generateContent", StringComparison.Ordinal) => LlmEndpoints.GenerateContent,
            _ when end.EndsWith("/api/chat", StringComparison.Ordinal) => LlmEndpoints.OllamaChat,
            _ when end.EndsWith("/api/generate", StringComparison.Ordinal) => LlmEndpoints.OllamaGenerate,
            _ => null,
        };
    }

    /// <summary>A reader for one exchange (a format may keep what the request told it for reading the response).</summary>
    private static IConversationFormat? FormatFor(string? api) => api switch
    {
        LlmEndpoints.ChatCompletions => new OpenAiChatFormat(),
        LlmEndpoints.Responses => new OpenAiResponsesFormat(),
        LlmEndpoints.Messages => new AnthropicMessagesFormat(),
        LlmEndpoints.GenerateContent or LlmEndpoints.StreamGenerateContent => new GeminiFormat(),
        LlmEndpoints.Converse => new BedrockFormat(converse: true),
        LlmEndpoints.InvokeModel => new BedrockFormat(converse: false),
        LlmEndpoints.OllamaChat => new OllamaFormat(chat: true),
        LlmEndpoints.OllamaGenerate => new OllamaFormat(chat: false),
        _ => null,
    };

    private static ParseStatus Read(CapturedMessage message, string part, List<string> errors, ConversationDraft draft, Action<string> read)
    {
        if (message.Body is not { Length: > 0 } body || message.BodyEncoding != BodyEncoding.Utf8)
        {
            return Missing(part, message.Body is null or "" ? "no body" : "the body is not text", errors);
        }

        var cut = message.BodyTruncated || message.LostBytes > 0;
        var gapsBefore = draft.Gaps.Count;
        try
        {
            read(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            errors.Add(cut ? $"{part}: cut by the capture, read as far as it goes ({e.Message})" : $"{part}: {e.Message}");
            return cut ? ParseStatus.Partial : ParseStatus.Malformed;
        }

        if (draft.Gaps.Count > gapsBefore)
        {
            errors.AddRange(draft.Gaps.Skip(gapsBefore).Select(g => $"{part}: {g}"));
            return ParseStatus.Partial;
        }

        if (cut)
        {
            errors.Add($"{part}: cut by the capture");
            return ParseStatus.Partial;
        }

        return ParseStatus.Parsed;
    }

    private static ParseStatus Missing(string part, string why, List<string> errors)
    {
        errors.Add($"{part}: {why}");
        return ParseStatus.Unsupported;
    }

    private static bool IsStream(CapturedResponse? response) =>
        response?.Headers.FirstOrDefault(h => h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase))?.Value is { } type
        && (type.Contains("event-stream", StringComparison.OrdinalIgnoreCase) || type.Contains("ndjson", StringComparison.OrdinalIgnoreCase));
}
