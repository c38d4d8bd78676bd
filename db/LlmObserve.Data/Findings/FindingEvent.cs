using LlmObserve.Contracts.Findings;

namespace LlmObserve.Data.Findings;

/// <summary>
/// A finding with everything an export needs about where it happened: cluster and node names,
/// the workload, and the LLM call of its exchange. What the export formats (OCSF, Falco, CEF)
/// and push destinations are written from.
/// </summary>
public sealed record FindingEvent
{
    public required Guid Id { get; init; }

    public required Guid TenantId { get; init; }

    public required Guid ClusterId { get; init; }

    public required string ClusterName { get; init; }

    public required Guid NodeId { get; init; }

    public required string NodeName { get; init; }

    public required Guid ExchangeId { get; init; }

    /// <summary>When the exchange was captured on the node.</summary>
    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>When the finding was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required string RuleId { get; init; }

    public required string Category { get; init; }

    public required FindingSeverity Severity { get; init; }

    public required string Title { get; init; }

    /// <summary>Masked evidence (secrets and personal data are never repeated in full).</summary>
    public string? Evidence { get; init; }

    public required string Location { get; init; }

    public int? EvidenceStart { get; init; }

    public int? EvidenceLength { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public double? Confidence { get; init; }

    public required int Pid { get; init; }

    public string? Command { get; init; }

    public string? Executable { get; init; }

    public string? ContainerId { get; init; }

    public string? Namespace { get; init; }

    public string? Pod { get; init; }

    public string? LlmProvider { get; init; }

    public string? LlmEndpoint { get; init; }

    public string? LlmModel { get; init; }

    public required string Method { get; init; }

    public string? Host { get; init; }

    public required string Path { get; init; }

    public string? RemoteAddress { get; init; }

    public int? RemotePort { get; init; }

    public string? ServerName { get; init; }

    /// <summary>Where this finding is in the feed: pass as the position to read after it.</summary>
    public required FeedPosition Position { get; init; }
}
