using System.Text.Json;

namespace LlmObserve.Detection.Conversations;

/// <summary>Reads one API's request and response bodies into a draft. Throws <see cref="JsonException"/> on invalid JSON.</summary>
internal interface IConversationFormat
{
    void ReadRequest(JsonElement request, ConversationDraft draft);

    void ReadResponse(string body, bool streamed, ConversationDraft draft);
}

/// <summary>
/// OpenAI chat completions, as the official SDKs send it, and every server that speaks it (Azure OpenAI,
/// vLLM, LiteLLM, Groq, Mistral, OpenRouter …). Streams are <c>chat.completion.chunk</c> events.
/// </summary>
internal sealed class OpenAiChatFormat : IConversationFormat
{
    public void ReadRequest(JsonElement request, ConversationDraft draft)
    {
        draft.Model = request.Str("model");
        foreach (var message in request.Items("messages"))
        {
            draft.AddMessage(message.Str("role"), Payload.Text(message.Prop("content"), "text", "input_text"),
                ConversationDraft.OpenAiToolCalls(message), message.Str("tool_call_id"));
        }

        foreach (var tool in request.Items("tools"))
        {
            var function = tool.Prop("function");
            draft.Tools.Add(new ToolDefinition(function.Str("name") ?? string.Empty, function.Str("description"), function.Raw("parameters")));
        }
    }

    public void ReadResponse(string body, bool streamed, ConversationDraft draft)
    {
        if (!streamed)
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            draft.Model ??= root.Str("model");
            var choice = root.Items("choices").FirstOrDefault();
            draft.AppendResponse(choice.Prop("message").Str("content") ?? string.Empty);
            draft.ResponseToolCalls.AddRange(ConversationDraft.OpenAiToolCalls(choice.Prop("message")));
            draft.FinishReason = choice.Str("finish_reason");
            ReadUsage(root, draft);
            return;
        }

        var calls = new SortedDictionary<long, (string? Id, string Name, string Arguments)>();
        foreach (var (_, data) in Payload.ServerSentEvents(body))
        {
            using var document = JsonDocument.Parse(data);
            var chunk = document.RootElement;
            draft.Model ??= chunk.Str("model");
            foreach (var choice in chunk.Items("choices").Where(c => (c.Long("index") ?? 0) == 0))
            {
                var delta = choice.Prop("delta");
                draft.AppendResponse(delta.Str("content") ?? string.Empty);
                foreach (var call in delta.Items("tool_calls"))
                {
                    var index = call.Long("index") ?? 0;
                    var (id, name, arguments) = calls.GetValueOrDefault(index, (null, string.Empty, string.Empty));
                    var function = call.Prop("function");
                    calls[index] = (id ?? call.Str("id"), name + function.Str("name"), arguments + function.Str("arguments"));
                }

                draft.FinishReason = choice.Str("finish_reason") ?? draft.FinishReason;
            }

            ReadUsage(chunk, draft); // the last chunk, when the client asked for stream_options.include_usage
        }

        draft.ResponseToolCalls.AddRange(calls.Values.Select(c => new ToolCall(c.Id, c.Name, c.Arguments)));
        if (draft.FinishReason is null)
        {
            draft.Gaps.Add("the stream ended before a finish_reason");
        }
    }

    private static void ReadUsage(JsonElement root, ConversationDraft draft)
    {
        var usage = root.Prop("usage");
        draft.InputTokens = usage.Long("prompt_tokens") ?? draft.InputTokens;
        draft.OutputTokens = usage.Long("completion_tokens") ?? draft.OutputTokens;
    }
}

/// <summary>
/// The OpenAI Responses API: <c>instructions</c> plus <c>input</c> (a string, or items: messages, function calls
/// and their outputs); the answer is <c>output</c> items. A stream ends with <c>response.completed</c>, which
/// carries the whole response; without it the text deltas are joined.
/// </summary>
internal sealed class OpenAiResponsesFormat : IConversationFormat
{
    public void ReadRequest(JsonElement request, ConversationDraft draft)
    {
        draft.Model = request.Str("model");
        draft.AddSystem(request.Str("instructions"));
        var input = request.Prop("input");
        if (input.ValueKind == JsonValueKind.String)
        {
            draft.AddMessage(Roles.User, input.GetString() ?? string.Empty);
        }

        foreach (var item in input.ValueKind == JsonValueKind.Array ? input.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            switch (item.Str("type"))
            {
                case "function_call":
                    draft.AddMessage(Roles.Assistant, string.Empty, [new ToolCall(item.Str("call_id"), item.Str("name") ?? string.Empty, item.Raw("arguments") ?? string.Empty)]);
                    break;
                case "function_call_output":
                    draft.AddMessage(Roles.Tool, item.Raw("output") ?? string.Empty, toolCallId: item.Str("call_id"));
                    break;
                default:
                    draft.AddMessage(item.Str("role"), Payload.Text(item.Prop("content"), "input_text", "output_text", "text"));
                    break;
            }
        }

        foreach (var tool in request.Items("tools").Where(t => t.Str("type") == "function"))
        {
            draft.Tools.Add(new ToolDefinition(tool.Str("name") ?? string.Empty, tool.Str("description"), tool.Raw("parameters")));
        }
    }

    public void ReadResponse(string body, bool streamed, ConversationDraft draft)
    {
        if (!streamed)
        {
            using var document = JsonDocument.Parse(body);
            ReadWhole(document.RootElement, draft);
            return;
        }

        var deltas = new List<string>();
        foreach (var (name, data) in Payload.ServerSentEvents(body))
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            var type = root.Str("type") ?? name;
            if (type is "response.completed" or "response.incomplete" or "response.failed")
            {
                ReadWhole(root.Prop("response"), draft);
                return;
            }

            if (type == "response.output_text.delta")
            {
                deltas.Add(root.Str("delta") ?? string.Empty);
            }
        }

        draft.AppendResponse(string.Concat(deltas));
        draft.Gaps.Add("the stream ended before response.completed");
    }

    private static void ReadWhole(JsonElement response, ConversationDraft draft)
    {
        draft.Model ??= response.Str("model");
        foreach (var item in response.Items("output"))
        {
            if (item.Str("type") == "function_call")
            {
                draft.ResponseToolCalls.Add(new ToolCall(item.Str("call_id"), item.Str("name") ?? string.Empty, item.Raw("arguments") ?? string.Empty));
            }
            else if (item.Str("type") == "message")
            {
                draft.AppendResponse(Payload.Text(item.Prop("content"), "output_text"));
            }
        }

        draft.FinishReason = response.Str("status");
        var usage = response.Prop("usage");
        draft.InputTokens = usage.Long("input_tokens");
        draft.OutputTokens = usage.Long("output_tokens");
    }
}
