using System.ComponentModel;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.Administration;

/// <summary>One rule as it applies to the caller's tenant.</summary>
/// <param name="Origin">builtin (as shipped), builtin_modified (the tenant changed its state or replaced it) or custom (the tenant's own).</param>
public sealed record RuleItem(
    string Id,
    string Description,
    string Category,
    FindingSeverity Severity,
    IReadOnlyList<string> Tags,
    bool Enabled,
    [property: Description("builtin, builtin_modified or custom.")] string Origin,
    string Condition,
    [property: Description("The tenant's version of this rule: send it as If-Match when updating. 0 when the tenant never changed the rule.")] int Version);

/// <summary>A rule with the YAML the tenant stored for it (null for a built-in rule the tenant did not replace).</summary>
public sealed record RuleDetail(RuleItem Rule, string? Yaml, string SourceFile, int Line);

public sealed record RuleYamlRequest(
    [property: Description("A YAML rule file holding exactly one rule item, with the lists and macros it needs (Falco style).")] string Yaml);

/// <summary>Changes to a rule: any of its YAML (custom rules, or a replacement of a built-in one), its enabled flag, its severity.</summary>
public sealed record RuleUpdateRequest(string? Yaml, bool? Enabled, FindingSeverity? Severity);

public sealed record RuleValidation(
    bool Valid,
    [property: Description("Every error, with the line and column in the submitted YAML (file rule.yaml).")] IReadOnlyList<RuleErrorItem> Errors,
    [property: Description("Ids of the rules the YAML defines.")] IReadOnlyList<string> Rules);

public sealed record RuleErrorItem(string File, int Line, int Column, string Message);

public sealed record DryRunRequest(
    string Yaml,
    [property: Description("How many of the tenant's most recent exchanges to scan: 1 to 1000, default 200.")] int? Limit,
    [property: Description("Only exchanges of this cluster.")] Guid? ClusterId);

public sealed record DryRunResult(int Scanned, int Matched, IReadOnlyList<DryRunMatch> Matches, IReadOnlyList<RuleErrorItem> Errors);

public sealed record DryRunMatch(
    Guid ExchangeId,
    DateTimeOffset CapturedAt,
    string RuleId,
    string Title,
    double Confidence,
    string Location,
    int? EvidenceStart,
    int? EvidenceLength,
    string? Evidence);
