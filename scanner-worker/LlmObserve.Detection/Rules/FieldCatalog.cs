using System.Collections.Frozen;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>The type of a condition field, which decides the operators it takes.</summary>
public enum FieldType
{
    /// <summary>A string (a text field, a name, an id).</summary>
    Text,

    /// <summary>A list of strings: tests are true when any element passes.</summary>
    TextList,
    Number,
    Bool,
}

/// <summary>
/// One field a condition or an output template can read. An absent value (no system prompt, no token count)
/// makes every comparison false except <c>exists</c>; text fields are absent when empty, list fields when they
/// have no element.
/// </summary>
public sealed class RuleField
{
    private RuleField(string name, FieldType type, string description)
    {
        Name = name;
        Type = type;
        Description = description;
    }

    public string Name { get; }

    public FieldType Type { get; }

    public string Description { get; }

    /// <summary>True for the <see cref="TextFields"/>: evidence offsets can point into them.</summary>
    public bool IsEvidenceField { get; private init; }

    internal Func<ScanSubject, string?> GetString { get; private init; } = _ => null;

    internal Action<ScanSubject, List<string>> GetList { get; private init; } = (_, _) => { };

    internal Func<ScanSubject, double?> GetNumber { get; private init; } = _ => null;

    internal Func<ScanSubject, bool?> GetBool { get; private init; } = _ => null;

    internal static RuleField Text(string name, string description) =>
        new(name, FieldType.Text, description) { IsEvidenceField = true, GetString = s => NullIfEmpty(s.Text(name)) };

    internal static RuleField Str(string name, string description, Func<ScanSubject, string?> get) =>
        new(name, FieldType.Text, description) { GetString = get };

    internal static RuleField List(string name, string description, Action<ScanSubject, List<string>> get) =>
        new(name, FieldType.TextList, description) { GetList = get };

    internal static RuleField Num(string name, string description, Func<ScanSubject, double?> get) =>
        new(name, FieldType.Number, description) { GetNumber = get };

    internal static RuleField Flag(string name, string description, Func<ScanSubject, bool?> get) =>
        new(name, FieldType.Bool, description) { GetBool = get };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

/// <summary>Every field rules can use, with its type and meaning: the language's reference.</summary>
public static class FieldCatalog
{
    public static IReadOnlyList<RuleField> All { get; } =
    [
        RuleField.Str("llm.provider", "The provider the call went to (openai, anthropic …).", s => s.Conversation.Provider),
        RuleField.Str("llm.model", "The model the request asked for.", s => s.Conversation.Model),
        RuleField.Str("llm.api", "The API called (chat_completions, messages …).", s => s.Conversation.Api),
        RuleField.Text(TextFields.Prompt, "Every user message's text, joined by a newline."),
        RuleField.Text(TextFields.System, "The system prompt."),
        RuleField.Text(TextFields.Response, "The model's answer."),
        RuleField.Text(TextFields.ToolResults, "Tool results sent back to the model, joined by a newline."),
        RuleField.Text(TextFields.ToolCalls, "The tool calls the model made, one per line: name(arguments)."),
        RuleField.Str("llm.finish_reason", "Why the model stopped (stop, length, tool_calls …).", s => s.Conversation.FinishReason),
        RuleField.Str("net.host", "The API server's name (TLS server name, else the Host header).", s => s.Context.Host),
        RuleField.Str("k8s.ns", "The calling pod's namespace.", s => s.Context.Namespace),
        RuleField.Str("k8s.pod", "The calling pod's name.", s => s.Context.Pod),
        RuleField.Str("container.id", "The calling container's id.", s => s.Context.ContainerId),
        RuleField.Str("proc.exe", "The calling process's executable.", s => s.Context.Executable),
        RuleField.Str("proc.cmdline", "The calling process's command line.", s => s.Context.Command),
        RuleField.Str("node.name", "The node the call was captured on.", s => s.Context.Node),
        RuleField.List("llm.tool_names", "The names of the tools the model called (history and response).", ToolNames),
        RuleField.List("llm.tools", "The names of the tools the request offered.", OfferedTools),
        RuleField.Num("llm.tokens.input", "Input tokens, as the provider reported them.", s => s.Conversation.Usage?.Input),
        RuleField.Num("llm.tokens.output", "Output tokens, as the provider reported them.", s => s.Conversation.Usage?.Output),
        RuleField.Num("llm.tokens.total", "Input plus output tokens.", s => s.Conversation.Usage?.Total),
        RuleField.Num("llm.latency_ms", "From the request's first byte to the response's last, in milliseconds.", s => s.Conversation.Latency?.TotalMilliseconds),
        RuleField.Num("llm.messages", "The number of messages the request sent (system messages excluded).", s => s.Conversation.Messages.Count),
        RuleField.Flag("llm.streamed", "Whether the answer was streamed.", s => s.Conversation.Streamed),
    ];

    private static readonly FrozenDictionary<string, RuleField> ByName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static RuleField? Find(string name) => ByName.GetValueOrDefault(name);

    // Index loops instead of LINQ: these run per rule evaluation and must not allocate.
    private static void ToolNames(ScanSubject subject, List<string> into)
    {
        var messages = subject.Conversation.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            var calls = messages[i].ToolCalls;
            for (var j = 0; j < calls.Count; j++)
            {
                into.Add(calls[j].Name);
            }
        }

        var answer = subject.Conversation.ResponseToolCalls;
        for (var i = 0; i < answer.Count; i++)
        {
            into.Add(answer[i].Name);
        }
    }

    private static void OfferedTools(ScanSubject subject, List<string> into)
    {
        var tools = subject.Conversation.Tools;
        for (var i = 0; i < tools.Count; i++)
        {
            into.Add(tools[i].Name);
        }
    }
}
