using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;

namespace LlmObserve.Data.Findings;

/// <summary>What a SIEM filters findings by; every field is optional and they combine with AND.</summary>
public sealed record FindingFilter
{
    public FindingSeverity? MinSeverity { get; init; }

    public string? Category { get; init; }

    public string? RuleId { get; init; }

    public Guid? ClusterId { get; init; }

    public string? Namespace { get; init; }

    public string? Pod { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>Exchange captured at or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exchange captured before.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Finding stored at or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The findings (already tenant-scoped by the DbContext) that pass every filter set.</summary>
    public IQueryable<Finding> Apply(IQueryable<Finding> findings)
    {
        if (MinSeverity is { } severity)
        {
            findings = findings.Where(f => f.Severity >= severity);
        }

        if (Category is { } category)
        {
            findings = findings.Where(f => f.Category == category);
        }

        if (RuleId is { } rule)
        {
            findings = findings.Where(f => f.RuleId == rule);
        }

        if (ClusterId is { } cluster)
        {
            findings = findings.Where(f => f.ClusterId == cluster);
        }

        if (Namespace is { } ns)
        {
            findings = findings.Where(f => f.Namespace == ns);
        }

        if (Pod is { } pod)
        {
            findings = findings.Where(f => f.Pod == pod);
        }

        if (Provider is { } provider)
        {
            findings = findings.Where(f => f.LlmProvider == provider);
        }

        if (Model is { } model)
        {
            findings = findings.Where(f => f.LlmModel == model);
        }

        if (From is { } from)
        {
            findings = findings.Where(f => f.CapturedAt >= from);
        }

        if (To is { } to)
        {
            findings = findings.Where(f => f.CapturedAt < to);
        }

        if (Since is { } since)
        {
            findings = findings.Where(f => f.CreatedAt >= since);
        }

        return findings;
    }
}
