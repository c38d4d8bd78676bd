using LlmObserve.Detection.Conversations;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// A rule's positive or negative example: an exchange described by its parts, which a test (or
/// <see cref="RuleSet.CheckExamples"/>) scans to prove the rule matches what it should and nothing else.
/// Written in YAML as a string (the user prompt) or a mapping of the properties below in snake_case.
/// </summary>
public sealed class RuleExample
{
    /// <summary>How many earlier calls <see cref="BaselineTokens"/> stands for.</summary>
    public const int BaselineCalls = 32;

    public string? Prompt { get; init; }

    public string? System { get; init; }

    public string? Response { get; init; }

    /// <summary>Tool results sent back to the model, one tool message each.</summary>
    public IReadOnlyList<string> ToolResults { get; init; } = [];

    /// <summary>Tool calls the model made in its answer.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>Names of the tools the request offered.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    public string? Provider { get; init; }

    public string? Model { get; init; }

    public string? Api { get; init; }

    public string? FinishReason { get; init; }

    public bool Streamed { get; init; }

    public long? TokensInput { get; init; }

    public long? TokensOutput { get; init; }

    /// <summary>
    /// The workload's usual total tokens, for examples of per-workload anomalies: <see cref="ToSubject"/> first
    /// has the <c>cost_anomaly</c> detector see <see cref="BaselineCalls"/> earlier calls of the same workload
    /// and model with this many tokens, so that a baseline exists.
    /// </summary>
    public long? BaselineTokens { get; init; }

    public double? LatencyMs { get; init; }

    public string? Host { get; init; }

    public string? Namespace { get; init; }

    public string? Pod { get; init; }

    public string? ContainerId { get; init; }

    public string? Exe { get; init; }

    public string? Cmdline { get; init; }

    public string? Node { get; init; }

    /// <summary>Where the example is written, for messages such as "positive example at rules.yaml:40:11 did not match".</summary>
    public string File { get; init; } = "";

    public int Line { get; init; }

    public int Column { get; init; }

    /// <summary>The conversation and context this example describes, as a subject the rules can scan.</summary>
    public ScanSubject ToSubject(DetectorSet detectors)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        var messages = new List<ConversationMessage>();
        if (Prompt is not null)
        {
            messages.Add(new ConversationMessage(Roles.User, Prompt));
        }

        messages.AddRange(ToolResults.Select((text, i) => new ConversationMessage(Roles.Tool, text) { ToolCallId = $"call_{i}" }));
        var answered = Response is not null || ToolCalls.Count > 0;
        var conversation = new Conversation
        {
            Provider = Provider,
            Api = Api,
            Model = Model,
            System = System,
            Messages = messages,
            Tools = [.. Tools.Select(t => new ToolDefinition(t, null, null))],
            ResponseText = Response,
            ResponseToolCalls = ToolCalls,
            Usage = TokensInput is null && TokensOutput is null ? null : new TokenUsage(TokensInput, TokensOutput),
            FinishReason = FinishReason,
            Streamed = Streamed,
            Latency = LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            RequestStatus = ParseStatus.Parsed,
            ResponseStatus = answered ? ParseStatus.Parsed : ParseStatus.Unsupported,
        };
        var context = new ExchangeContext
        {
            Host = Host,
            Namespace = Namespace,
            Pod = Pod,
            ContainerId = ContainerId,
            Executable = Exe,
            Command = Cmdline,
            Node = Node,
        };
        if (BaselineTokens is { } usual && detectors.Find(DetectorNames.CostAnomaly) is not null)
        {
            var earlier = conversation with { Usage = new TokenUsage(usual, 0) };
            for (var i = 0; i < BaselineCalls; i++)
            {
                new ScanSubject(earlier, context, detectors).Signals(DetectorNames.CostAnomaly);
            }
        }

        return new ScanSubject(conversation, context, detectors);
    }

    public override string ToString() => $"{File}:{Line}:{Column}";
}
