namespace LlmObserve.Detection.Conversations;

/// <summary>How far a payload could be read into the conversation model.</summary>
public enum ParseStatus
{
    /// <summary>Read completely.</summary>
    Parsed,

    /// <summary>Read, but something was missing or cut (a truncated body, a stream without its end).</summary>
    Partial,

    /// <summary>No body, or an API this normalizer does not read: kept as it was captured.</summary>
    Unsupported,

    /// <summary>Not valid for its API (bad JSON, wrong shape); see <see cref="Conversation.ParseErrors"/>.</summary>
    Malformed,
}

/// <summary>Roles of conversation messages, the same for every provider.</summary>
public static class Roles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}

/// <summary>A tool the request offered the model.</summary>
public sealed record ToolDefinition(string Name, string? Description, string? ParametersJson);

/// <summary>A tool call the model made (in a response, or replayed in a request's history).</summary>
public sealed record ToolCall(string? Id, string Name, string ArgumentsJson);

/// <summary>One message of the conversation: its role, its text, and the tool calls or tool result it carries.</summary>
public sealed record ConversationMessage(string Role, string Text)
{
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a tool result: the call it answers.</summary>
    public string? ToolCallId { get; init; }
}

/// <summary>Token counts as the provider reported them.</summary>
public sealed record TokenUsage(long? Input, long? Output)
{
    public long? Total => Input is null && Output is null ? null : (Input ?? 0) + (Output ?? 0);
}

/// <summary>
/// One LLM call in a form every detector and rule reads the same way, whichever provider it went to.
/// Built by <see cref="ConversationNormalizer"/>; never throws on bad payloads, it says how far it got.
/// </summary>
public sealed record Conversation
{
    public string? Provider { get; init; }

    /// <summary>The API, one of <c>LlmEndpoints</c> (chat_completions, messages …).</summary>
    public string? Api { get; init; }

    public string? Model { get; init; }

    /// <summary>The system prompt (or OpenAI developer instructions), all of its parts joined.</summary>
    public string? System { get; init; }

    /// <summary>The messages the request sent, system messages excluded, in order.</summary>
    public IReadOnlyList<ConversationMessage> Messages { get; init; } = [];

    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>The text the model answered (a streamed answer reassembled).</summary>
    public string? ResponseText { get; init; }

    public IReadOnlyList<ToolCall> ResponseToolCalls { get; init; } = [];

    public TokenUsage? Usage { get; init; }

    public string? FinishReason { get; init; }

    public bool Streamed { get; init; }

    /// <summary>From the request's first byte to the response's last, when both were captured.</summary>
    public TimeSpan? Latency { get; init; }

    public ParseStatus RequestStatus { get; init; }

    public ParseStatus ResponseStatus { get; init; }

    /// <summary>What could not be read, in words, for the console and for debugging a normalizer.</summary>
    public IReadOnlyList<string> ParseErrors { get; init; } = [];

    /// <summary>The user's part of the request: every user message's text, in order.</summary>
    public string Prompt => string.Join("\n", Messages.Where(m => m.Role == Roles.User).Select(m => m.Text));
}
