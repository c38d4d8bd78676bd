using LlmObserve.Contracts.Findings;

namespace LlmObserve.Data.Entities;

/// <summary>
/// A tenant's state for one rule id: a custom rule's YAML (or a tenant's replacement of a built-in rule), and/or
/// the rule's enabled flag and severity as the tenant set them. Applied after the built-in pack.
/// </summary>
public sealed class TenantRule : ITenantOwned
{
    public Guid TenantId { get; set; }

    public required string RuleId { get; set; }

    /// <summary>The rule item with the lists and macros it uses; null when only the state of a built-in rule is changed.</summary>
    public string? Yaml { get; set; }

    /// <summary>Null: as the YAML (or the built-in pack) says.</summary>
    public bool? Enabled { get; set; }

    public FindingSeverity? SeverityOverride { get; set; }

    /// <summary>Starts at 1 and grows with every update: the API's concurrency check (If-Match).</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
