using LlmObserve.Contracts.Findings;

namespace LlmObserve.Web.Views.Explore;

/// <summary>The overview's stat tiles.</summary>
public sealed record OverviewStats(
    int Exchanges24H, int Exchanges7D, int Findings24H, int Findings7D, int SevereFindings7D,
    int ActiveClusters, int Clusters, int ActiveNodes, int Nodes);

/// <summary>Findings of one day (UTC) and severity.</summary>
public sealed record DaySeverityCount(DateTime Day, FindingSeverity Severity, int Count);

public sealed record CategoryCount(string Category, int Count);

/// <summary>A workload: its namespace and pod, or its executable when it runs outside Kubernetes.</summary>
public sealed record WorkloadActivity(string? Namespace, string? Pod, string? Executable, int Exchanges, int Findings);

public sealed record ModelActivity(string? Provider, string? Model, int Exchanges, int Findings);

/// <summary>Token usage of one model, as read by SQL from the stored JSON response bodies of a sample.</summary>
public sealed class TokenUsageRow
{
    public string? Model { get; init; }

    /// <summary>Exchanges of the sample that asked for this model.</summary>
    public int Exchanges { get; init; }

    /// <summary>Of those, the ones whose response body reported usage.</summary>
    public int WithUsage { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }
}
