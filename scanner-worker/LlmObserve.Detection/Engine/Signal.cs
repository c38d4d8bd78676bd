using LlmObserve.Detection.Conversations;

namespace LlmObserve.Detection.Engine;

/// <summary>
/// One thing a detector saw in one exchange: what kind, how sure, and where. Rules read signals through
/// detector predicates (<c>detect.pii in (email)</c>, <c>detect.injection &gt; 0.8</c>) and turn them into findings.
/// </summary>
/// <param name="Detector">The detector's name, one of <see cref="DetectorNames"/>.</param>
/// <param name="Kind">What was seen, e.g. <c>email</c>, <c>github_token</c>, <c>ignore_instructions</c>.</param>
/// <param name="Confidence">0 to 1.</param>
/// <param name="Field">The text field the evidence is in, one of <see cref="TextFields"/>; null when the signal is not about text.</param>
/// <param name="Start">Offset of the evidence in that field's text, in UTF-16 code units.</param>
/// <param name="Evidence">What to show: the matched text, with any secret masked.</param>
public sealed record Signal(
    string Detector,
    string Kind,
    double Confidence,
    string? Field,
    int Start,
    int Length,
    string? Evidence);

/// <summary>The names of the built-in detectors, as rules write them after <c>detect.</c>.</summary>
public static class DetectorNames
{
    public const string Injection = "injection";
    public const string Jailbreak = "jailbreak";
    public const string Secret = "secret";
    public const string Pii = "pii";
    public const string SystemPromptLeak = "system_prompt_leak";
    public const string Exfiltration = "exfiltration";
    public const string ToolRisk = "tool_risk";
    public const string CostAnomaly = "cost_anomaly";
}

/// <summary>
/// The text fields of a scanned exchange. Evidence offsets are into these strings; the read API returns them
/// with the exchange so a console can highlight the evidence.
/// </summary>
public static class TextFields
{
    /// <summary>Every user message's text, joined by a newline.</summary>
    public const string Prompt = "llm.prompt";

    /// <summary>The system prompt.</summary>
    public const string System = "llm.system";

    /// <summary>The model's answer.</summary>
    public const string Response = "llm.response";

    /// <summary>Tool results sent back to the model (where indirect injections arrive), joined by a newline.</summary>
    public const string ToolResults = "llm.tool_results";

    /// <summary>The tool calls the model made, one per line: <c>name(arguments)</c>.</summary>
    public const string ToolCalls = "llm.tool_calls";

    public static IReadOnlyList<string> All { get; } = [Prompt, System, Response, ToolResults, ToolCalls];

    /// <summary>The text of one field of a conversation; empty when it has none.</summary>
    public static string Read(Conversation conversation, string field)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return field switch
        {
            Prompt => conversation.Prompt,
            System => conversation.System ?? "",
            Response => conversation.ResponseText ?? "",
            ToolResults => string.Join('\n', conversation.Messages.Where(m => m.Role == Roles.Tool).Select(m => m.Text)),
            ToolCalls => string.Join('\n', ToolCallsOf(conversation).Select(c => $"{c.Name}({c.ArgumentsJson})")),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a text field"),
        };
    }

    /// <summary>Tool calls in the request's history, then in the response: the lines of <see cref="ToolCalls"/>.</summary>
    public static IEnumerable<ToolCall> ToolCallsOf(Conversation conversation) =>
        conversation.Messages.SelectMany(m => m.ToolCalls).Concat(conversation.ResponseToolCalls);

    /// <summary>Each tool call with the offset of its line <c>name(arguments)</c> in the <see cref="ToolCalls"/> text.</summary>
    public static IEnumerable<(ToolCall Call, int Offset)> ToolCallLines(Conversation conversation)
    {
        var offset = 0;
        foreach (var call in ToolCallsOf(conversation))
        {
            yield return (call, offset);
            offset += call.Name.Length + call.ArgumentsJson.Length + 3; // name, '(', arguments, ')', '\n'
        }
    }
}
