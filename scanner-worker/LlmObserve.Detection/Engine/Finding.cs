using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection.Engine;

/// <summary>
/// What a rule found in one exchange. The evidence is a span of one text field of the exchange (see
/// <see cref="TextFields"/>) — <see cref="Start"/> and <see cref="Length"/> in UTF-16 code units, for
/// highlighting — and <see cref="Evidence"/> is that text with any secret masked.
/// </summary>
/// <param name="Title">The rule's output, its <c>%field</c> placeholders filled in.</param>
/// <param name="Location">The text field of the evidence, or <see cref="NoField"/> when the finding is about the call as a whole.</param>
public sealed record Finding(
    string RuleId,
    string Category,
    FindingSeverity Severity,
    string Title,
    IReadOnlyList<string> Tags,
    double Confidence,
    string Location,
    int? Start,
    int? Length,
    string? Evidence)
{
    public const string NoField = "exchange";
}

/// <summary>The result of scanning one exchange: its conversation as normalized, and the findings.</summary>
public sealed record ScanResult(Conversations.Conversation Conversation, IReadOnlyList<Finding> Findings);
