using System.Globalization;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.Web.Views.Rules;

/// <summary>How the rule pages name severities, origins, maturity and times.</summary>
internal static class RuleLabels
{
    private const string MaturityPrefix = "maturity_";

    public static IReadOnlyList<FindingSeverity> Severities { get; } = Enum.GetValues<FindingSeverity>();

    /// <summary>The lower-case name the API and the YAML use, which is also the badge's CSS class suffix.</summary>
    public static string Name(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => "info",
        FindingSeverity.Low => "low",
        FindingSeverity.Medium => "medium",
        FindingSeverity.High => "high",
        FindingSeverity.Critical => "critical",
        _ => "info",
    };

    public static string BadgeClass(FindingSeverity severity) => "badge sev-" + Name(severity);

    /// <summary>The severity a form field names (<c>high</c>), or null for anything else.</summary>
    public static FindingSeverity? ParseSeverity(string? name)
    {
        foreach (var severity in Severities)
        {
            if (string.Equals(Name(severity), name, StringComparison.Ordinal))
            {
                return severity;
            }
        }

        return null;
    }

    /// <summary>The rule's origin as <see cref="LlmObserve.Administration.RuleItem.Origin"/> gives it, for people.</summary>
    public static string Source(string origin) => origin switch
    {
        "builtin" => "built-in",
        "builtin_modified" => "built-in, changed",
        "custom" => "custom",
        _ => origin,
    };

    public static string State(bool enabled) => enabled ? "enabled" : "disabled";

    /// <summary>The rule's maturity (<c>maturity_stable</c> → stable), if it has a maturity tag.</summary>
    public static string? Maturity(IReadOnlyList<string> tags) =>
        tags.FirstOrDefault(t => t.StartsWith(MaturityPrefix, StringComparison.Ordinal)) is { } tag ? tag[MaturityPrefix.Length..] : null;

    /// <summary>Every tag but the maturity one (OWASP LLM Top 10 and MITRE ATLAS ids, the tenant's own).</summary>
    public static IEnumerable<string> OtherTags(IReadOnlyList<string> tags) =>
        tags.Where(t => !t.StartsWith(MaturityPrefix, StringComparison.Ordinal));

    public static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A rule page's address; rule ids are [a-z0-9_.-]+, escaped anyway.</summary>
    public static string Href(string ruleId) => "/rules/" + Uri.EscapeDataString(ruleId);
}
