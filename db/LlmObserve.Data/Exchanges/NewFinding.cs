using LlmObserve.Contracts.Findings;

namespace LlmObserve.Data.Exchanges;

/// <summary>A finding to store with its exchange.</summary>
public sealed record NewFinding(
    string RuleId,
    string Category,
    FindingSeverity Severity,
    string Title,
    string? Evidence,
    string Location,
    int? EvidenceStart,
    int? EvidenceLength)
{
    public IReadOnlyList<string> Tags { get; init; } = [];

    public double? Confidence { get; init; }
}
