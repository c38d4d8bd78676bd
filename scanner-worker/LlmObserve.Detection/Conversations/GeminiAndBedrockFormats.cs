using System.Text.Json;

namespace LlmObserve.Detection.Conversations;

/// <summary>
/// Google Gemini <c>generateContent</c> and <c>streamGenerateContent</c>: <c>systemInstruction</c>, <c>contents</c>
/// of parts (text, functionCall, functionResponse), <c>tools[].functionDeclarations</c>. A stream is server-sent
/// events with <c>alt=sse</c>, otherwise one JSON array; each element is a partial response.
/// </summary>
internal sealed class GeminiFormat : IConversationFormat
{
    public void ReadRequest(JsonElement request, ConversationDraft draft)
    {
        draft.AddSystem(Texts(request.Prop("systemInstruction")));
        foreach (var content in request.Items("contents"))
        {
            var calls = content.Items("parts").Where(p => p.Prop("functionCall").ValueKind == JsonValueKind.Object).Select(FunctionCall).ToList();
            draft.AddMessage(content.Str("role") ?? "user", Texts(content), calls);
            foreach (var result in content.Items("parts").Select(p => p.Prop("functionResponse")).Where(r => r.ValueKind == JsonValueKind.Object))
            {
                draft.AddMessage(Roles.Tool, result.Raw("response") ?? string.Empty, toolCallId: result.Str("name"));
            }
        }

        foreach (var declaration in request.Items("tools").SelectMany(t => t.Items("functionDeclarations")))
        {
            draft.Tools.Add(new ToolDefinition(declaration.Str("name") ?? string.Empty, declaration.Str("description"), declaration.Raw("parameters")));
        }
    }

    public void ReadResponse(string body, bool streamed, ConversationDraft draft)
    {
        var trimmed = body.TrimStart();
        if (!streamed || trimmed.StartsWith('['))
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            foreach (var part in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : Enumerable.Repeat(root, 1))
            {
                ReadPart(part, draft);
            }

            return;
        }

        foreach (var (_, data) in Payload.ServerSentEvents(body))
        {
            using var document = JsonDocument.Parse(data);
            ReadPart(document.RootElement, draft);
        }

        if (draft.FinishReason is null)
        {
            draft.Gaps.Add("the stream ended before a finishReason");
        }
    }

    private static void ReadPart(JsonElement response, ConversationDraft draft)
    {
        draft.Model ??= response.Str("modelVersion");
        var candidate = response.Items("candidates").FirstOrDefault();
        draft.AppendResponse(Texts(candidate.Prop("content")));
        draft.ResponseToolCalls.AddRange(candidate.Prop("content").Items("parts").Where(p => p.Prop("functionCall").ValueKind == JsonValueKind.Object).Select(FunctionCall));
        draft.FinishReason = candidate.Str("finishReason") ?? draft.FinishReason;
        var usage = response.Prop("usageMetadata");
        draft.InputTokens = usage.Long("promptTokenCount") ?? draft.InputTokens;
        draft.OutputTokens = usage.Long("candidatesTokenCount") ?? draft.OutputTokens;
    }

    private static string Texts(JsonElement content) =>
        string.Concat(content.Items("parts").Select(p => p.Str("text")).Where(t => t is not null));

    private static ToolCall FunctionCall(JsonElement part) =>
        new(part.Prop("functionCall").Str("id"), part.Prop("functionCall").Str("name") ?? string.Empty, part.Prop("functionCall").Raw("args") ?? "{}");
}

/// <summary>
/// AWS Bedrock. Converse: <c>system</c> and <c>messages</c> of content blocks (text, toolUse, toolResult),
/// <c>toolConfig.tools[].toolSpec</c>; the answer in <c>output.message</c>. InvokeModel carries the model family's
/// own body: Anthropic's Messages (with <c>anthropic_version</c>) is read as such, Llama's <c>prompt</c>/<c>generation</c>
/// and Titan's <c>inputText</c>/<c>results</c> as plain text. ConverseStream's binary event stream is not text.
/// </summary>
internal sealed class BedrockFormat(bool converse) : IConversationFormat
{
    private static readonly AnthropicMessagesFormat Anthropic = new();
    private bool _anthropic;

    public void ReadRequest(JsonElement request, ConversationDraft draft)
    {
        _anthropic = !converse && request.Prop("anthropic_version").ValueKind != JsonValueKind.Undefined;
        if (_anthropic)
        {
            Anthropic.ReadRequest(request, draft);
            return;
        }

        if (!converse)
        {
            draft.AddMessage(Roles.User, request.Str("prompt") ?? request.Str("inputText") ?? string.Empty);
            return;
        }

        draft.AddSystem(string.Join("\n", request.Items("system").Select(s => s.Str("text")).Where(t => t is not null)));
        foreach (var message in request.Items("messages"))
        {
            var blocks = message.Items("content").ToList();
            var calls = blocks.Where(b => b.Prop("toolUse").ValueKind == JsonValueKind.Object).Select(ToolUse).ToList();
            draft.AddMessage(message.Str("role"), string.Concat(blocks.Select(b => b.Str("text")).Where(t => t is not null)), calls);
            foreach (var result in blocks.Select(b => b.Prop("toolResult")).Where(r => r.ValueKind == JsonValueKind.Object))
            {
                var text = string.Join("\n", result.Items("content").Select(c => c.Str("text") ?? c.Raw("json")).Where(t => t is not null));
                draft.AddMessage(Roles.Tool, text, toolCallId: result.Str("toolUseId"));
            }
        }

        foreach (var spec in request.Prop("toolConfig").Items("tools").Select(t => t.Prop("toolSpec")))
        {
            draft.Tools.Add(new ToolDefinition(spec.Str("name") ?? string.Empty, spec.Str("description"), spec.Prop("inputSchema").Raw("json")));
        }
    }

    public void ReadResponse(string body, bool streamed, ConversationDraft draft)
    {
        if (_anthropic)
        {
            Anthropic.ReadResponse(body, streamed, draft);
            return;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (!converse)
        {
            draft.AppendResponse(root.Str("generation") ?? root.Items("results").FirstOrDefault().Str("outputText") ?? string.Empty);
            draft.FinishReason = root.Str("stop_reason") ?? root.Items("results").FirstOrDefault().Str("completionReason");
            draft.InputTokens = root.Long("prompt_token_count") ?? root.Long("inputTextTokenCount");
            draft.OutputTokens = root.Long("generation_token_count") ?? root.Items("results").FirstOrDefault().Long("tokenCount");
            return;
        }

        var blocks = root.Prop("output").Prop("message").Items("content").ToList();
        draft.AppendResponse(string.Concat(blocks.Select(b => b.Str("text")).Where(t => t is not null)));
        draft.ResponseToolCalls.AddRange(blocks.Where(b => b.Prop("toolUse").ValueKind == JsonValueKind.Object).Select(ToolUse));
        draft.FinishReason = root.Str("stopReason");
        draft.InputTokens = root.Prop("usage").Long("inputTokens");
        draft.OutputTokens = root.Prop("usage").Long("outputTokens");
    }

    private static ToolCall ToolUse(JsonElement block) =>
        new(block.Prop("toolUse").Str("toolUseId"), block.Prop("toolUse").Str("name") ?? string.Empty, block.Prop("toolUse").Raw("input") ?? "{}");
}
