using System.Text.Json;

namespace LlmObserve.Detection.Conversations;

/// <summary>
/// Anthropic Messages: <c>system</c> (a string or text blocks), messages of content blocks (text, tool_use,
/// tool_result), <c>tools</c> with an <c>input_schema</c>. Streams are message_start, content_block_start/delta/stop,
/// message_delta (stop reason, output tokens) and message_stop.
/// </summary>
internal sealed class AnthropicMessagesFormat : IConversationFormat
{
    public void ReadRequest(JsonElement request, ConversationDraft draft)
    {
        draft.Model = request.Str("model");
        draft.AddSystem(Payload.Text(request.Prop("system"), "text"));
        foreach (var message in request.Items("messages"))
        {
            var content = message.Prop("content");
            var calls = content.ValueKind == JsonValueKind.Array
                ? content.EnumerateArray().Where(b => b.Str("type") == "tool_use").Select(ToolUse).ToList()
                : [];
            draft.AddMessage(message.Str("role"), Payload.Text(content, "text"), calls);
            foreach (var result in content.ValueKind == JsonValueKind.Array ? content.EnumerateArray().Where(b => b.Str("type") == "tool_result") : [])
            {
                draft.AddMessage(Roles.Tool, Payload.Text(result.Prop("content"), "text"), toolCallId: result.Str("tool_use_id"));
            }
        }

        foreach (var tool in request.Items("tools"))
        {
            draft.Tools.Add(new ToolDefinition(tool.Str("name") ?? string.Empty, tool.Str("description"), tool.Raw("input_schema")));
        }
    }

    public void ReadResponse(string body, bool streamed, ConversationDraft draft)
    {
        if (!streamed)
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            draft.Model ??= root.Str("model");
            foreach (var block in root.Items("content"))
            {
                if (block.Str("type") == "tool_use")
                {
                    draft.ResponseToolCalls.Add(ToolUse(block));
                }
                else if (block.Str("type") == "text")
                {
                    draft.AppendResponse(block.Str("text"));
                }
            }

            draft.FinishReason = root.Str("stop_reason");
            ReadUsage(root.Prop("usage"), draft);
            return;
        }

        var tools = new SortedDictionary<long, (string? Id, string Name, string Input)>();
        var stopped = false;
        foreach (var (name, data) in Payload.ServerSentEvents(body))
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            var index = root.Long("index") ?? 0;
            switch (root.Str("type") ?? name)
            {
                case "message_start":
                    draft.Model ??= root.Prop("message").Str("model");
                    ReadUsage(root.Prop("message").Prop("usage"), draft);
                    break;
                case "content_block_start" when root.Prop("content_block").Str("type") == "tool_use":
                    tools[index] = (root.Prop("content_block").Str("id"), root.Prop("content_block").Str("name") ?? string.Empty, string.Empty);
                    break;
                case "content_block_delta":
                    var delta = root.Prop("delta");
                    draft.AppendResponse(delta.Str("type") == "text_delta" ? delta.Str("text") : string.Empty);
                    if (delta.Str("type") == "input_json_delta" && tools.TryGetValue(index, out var tool))
                    {
                        tools[index] = tool with { Input = tool.Input + delta.Str("partial_json") };
                    }

                    break;
                case "message_delta":
                    draft.FinishReason = root.Prop("delta").Str("stop_reason") ?? draft.FinishReason;
                    ReadUsage(root.Prop("usage"), draft);
                    break;
                case "message_stop":
                    stopped = true;
                    break;
            }
        }

        draft.ResponseToolCalls.AddRange(tools.Values.Select(t => new ToolCall(t.Id, t.Name, t.Input)));
        if (!stopped)
        {
            draft.Gaps.Add("the stream ended before message_stop");
        }
    }

    private static ToolCall ToolUse(JsonElement block) => new(block.Str("id"), block.Str("name") ?? string.Empty, block.Raw("input") ?? "{}");

    private static void ReadUsage(JsonElement usage, ConversationDraft draft)
    {
        draft.InputTokens = usage.Long("input_tokens") ?? draft.InputTokens;
        draft.OutputTokens = usage.Long("output_tokens") ?? draft.OutputTokens;
    }
}

/// <summary>
/// Ollama's <c>/api/chat</c> (messages) and <c>/api/generate</c> (prompt and system). Ollama streams by default:
/// one JSON object per line, the last one with <c>done: true</c> and the token counts.
/// </summary>
internal sealed class OllamaFormat(bool chat) : IConversationFormat
{
    public void ReadRequest(JsonElement request, ConversationDraft draft)
    {
        draft.Model = request.Str("model");
        draft.AddSystem(request.Str("system"));
        if (!chat)
        {
            draft.AddMessage(Roles.User, request.Str("prompt") ?? string.Empty);
        }

        foreach (var message in request.Items("messages"))
        {
            draft.AddMessage(message.Str("role"), message.Str("content") ?? string.Empty, ConversationDraft.OpenAiToolCalls(message));
        }

        foreach (var tool in request.Items("tools"))
        {
            var function = tool.Prop("function");
            draft.Tools.Add(new ToolDefinition(function.Str("name") ?? string.Empty, function.Str("description"), function.Raw("parameters")));
        }
    }

    public void ReadResponse(string body, bool streamed, ConversationDraft draft)
    {
        var done = false;
        foreach (var line in Payload.JsonLines(body))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            draft.Model ??= root.Str("model");
            draft.AppendResponse(chat ? root.Prop("message").Str("content") : root.Str("response"));
            draft.ResponseToolCalls.AddRange(ConversationDraft.OpenAiToolCalls(root.Prop("message")));
            if (root.Bool("done") == true)
            {
                done = true;
                draft.FinishReason = root.Str("done_reason");
                draft.InputTokens = root.Long("prompt_eval_count");
                draft.OutputTokens = root.Long("eval_count");
            }
        }

        if (!done)
        {
            draft.Gaps.Add("the response ended before done: true");
        }
    }
}
