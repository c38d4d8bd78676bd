using System.Text;
using System.Text.Json;

namespace LlmObserve.Detection.Conversations;

/// <summary>What a provider format reads from a request and a response, before it becomes a <see cref="Conversation"/>.</summary>
internal sealed class ConversationDraft
{
    private readonly List<string> _system = [];
    private readonly StringBuilder _response = new();
    private bool _hasResponseText;

    public string? Model { get; set; }

    public List<ConversationMessage> Messages { get; } = [];

    public List<ToolDefinition> Tools { get; } = [];

    public List<ToolCall> ResponseToolCalls { get; } = [];

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>Set when a stream ended without its final event, or a part could not be read.</summary>
    public List<string> Gaps { get; } = [];

    public void AddSystem(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _system.Add(text);
        }
    }

    public void AppendResponse(string? text)
    {
        if (text is not null)
        {
            _response.Append(text);
            _hasResponseText = true;
        }
    }

    /// <summary>
    /// A message of the request; system and developer messages go to the system prompt. A message with no
    /// text and no tool call (one that only carried tool results, or only an image) is left out.
    /// </summary>
    public void AddMessage(string? role, string text, IReadOnlyList<ToolCall>? toolCalls = null, string? toolCallId = null)
    {
        var normalized = NormalizeRole(role);
        if (normalized == Roles.System)
        {
            AddSystem(text);
            return;
        }

        if (text.Length == 0 && toolCalls is not { Count: > 0 } && toolCallId is null)
        {
            return;
        }

        Messages.Add(new ConversationMessage(normalized, text) { ToolCalls = toolCalls ?? [], ToolCallId = toolCallId });
    }

    /// <summary>The tool calls in an OpenAI-style <c>tool_calls</c> array (function name and JSON arguments).</summary>
    public static List<ToolCall> OpenAiToolCalls(JsonElement owner) =>
        [.. owner.Items("tool_calls").Select(c => new ToolCall(c.Str("id"), c.Prop("function").Str("name") ?? string.Empty, c.Prop("function").Raw("arguments") ?? string.Empty))];

    /// <summary><paramref name="baseline"/> (what the capture says about the call) with what was read.</summary>
    public Conversation ToConversation(Conversation baseline) => baseline with
    {
        Model = Model ?? baseline.Model,
        System = _system.Count == 0 ? null : string.Join("\n", _system),
        Messages = [.. Messages],
        Tools = [.. Tools],
        ResponseText = _hasResponseText ? _response.ToString() : null,
        ResponseToolCalls = [.. ResponseToolCalls],
        Usage = InputTokens is null && OutputTokens is null ? null : new TokenUsage(InputTokens, OutputTokens),
        FinishReason = FinishReason,
    };

    private static string NormalizeRole(string? role) => role switch
    {
        "system" or "developer" => Roles.System,
        "assistant" or "model" => Roles.Assistant,
        "tool" or "function" or "ipython" => Roles.Tool,
        _ => Roles.User,
    };
}
