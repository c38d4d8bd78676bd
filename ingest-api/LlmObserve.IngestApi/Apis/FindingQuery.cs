using System.ComponentModel;
using LlmObserve.Administration;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Findings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>The finding filters of the list, feed and export endpoints, as query parameters.</summary>
public sealed record FindingQuery
{
    private const int MaxText = 256;

    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        FindingCategory.PromptInjection, FindingCategory.Jailbreak, FindingCategory.Secret, FindingCategory.Pii,
        FindingCategory.SystemPromptLeak, FindingCategory.Exfiltration, FindingCategory.ShadowAi, FindingCategory.ToolRisk,
        FindingCategory.CostAnomaly,
    };

    [Description("Only findings at least this severe: info, low, medium, high or critical.")]
    [FromQuery(Name = "severity")]
    public string? Severity { get; init; }

    [Description("Only this category: prompt_injection, jailbreak, secret, pii, system_prompt_leak, exfiltration, shadow_ai, tool_risk, cost_anomaly.")]
    [FromQuery(Name = "category")]
    public string? Category { get; init; }

    [Description("Only findings of this rule id.")]
    [FromQuery(Name = "ruleId")]
    public string? RuleId { get; init; }

    [Description("Only calls from workloads in this Kubernetes namespace.")]
    [FromQuery(Name = "namespace")]
    public string? Namespace { get; init; }

    [Description("Only calls from this pod.")]
    [FromQuery(Name = "pod")]
    public string? Pod { get; init; }

    [Description("Only calls to this LLM provider (openai, anthropic …).")]
    [FromQuery(Name = "provider")]
    public string? Provider { get; init; }

    [Description("Only calls that asked for this model (exact match).")]
    [FromQuery(Name = "model")]
    public string? Model { get; init; }

    /// <summary>The filter, or the problem with the parameters.</summary>
    public (FindingFilter? Filter, ProblemHttpResult? Problem) Read(Guid? clusterId = null, DateTimeOffset? from = null, DateTimeOffset? to = null, DateTimeOffset? since = null)
    {
        FindingSeverity? severity = null;
        if (Severity is not null)
        {
            if (!Enum.TryParse<FindingSeverity>(Severity, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(Severity[0]))
            {
                return (null, Problems.Invalid("severity must be info, low, medium, high or critical."));
            }

            severity = parsed;
        }

        if (Category is not null && !Categories.Contains(Category))
        {
            return (null, Problems.Invalid($"category must be one of {string.Join(", ", Categories.Order(StringComparer.Ordinal))}."));
        }

        foreach (var (name, value) in new[] { ("ruleId", RuleId), ("namespace", Namespace), ("pod", Pod), ("provider", Provider), ("model", Model) })
        {
            if (value is not null && (value.Length > MaxText || value.Contains('\0', StringComparison.Ordinal)))
            {
                return (null, Problems.Invalid($"{name} must be at most {MaxText} characters, without NUL."));
            }
        }

        if (from > to)
        {
            return (null, Problems.Invalid("from must not be after to."));
        }

        return (new FindingFilter
        {
            MinSeverity = severity,
            Category = Category,
            RuleId = RuleId,
            ClusterId = clusterId,
            Namespace = Namespace,
            Pod = Pod,
            Provider = Provider,
            Model = Model,
            From = from,
            To = to,
            Since = since,
        }, null);
    }
}

/// <summary>Where a feed read starts and how much it returns.</summary>
public sealed record FeedQuery
{
    [Description("Only items of this cluster.")]
    [FromQuery(Name = "clusterId")]
    public Guid? ClusterId { get; init; }

    [Description("Only findings stored at or after this time (ISO 8601); a first read without a cursor starts there (without since: at the first finding).")]
    [FromQuery(Name = "since")]
    public DateTimeOffset? Since { get; init; }

    [Description("Later reads: the 'next' value of the previous read.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    [Description("Page size, 1 to 500 (default 100).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }
}

/// <summary>A read of the feed: <c>next</c> is always set; poll it again to get what was stored since.</summary>
public sealed record FeedResponse(IReadOnlyList<FindingItem> Items, string Next);
