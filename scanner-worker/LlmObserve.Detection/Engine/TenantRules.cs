using System.Text;
using LlmObserve.Contracts.Findings;
using LlmObserve.Detection.Rules;

namespace LlmObserve.Detection.Engine;

/// <summary>
/// A tenant's state for one rule id, as stored: the YAML of a custom rule (or of the tenant's replacement of a
/// built-in one), and/or the enabled flag and severity the tenant set.
/// </summary>
public sealed record TenantRuleState(string RuleId, string? Yaml, bool? Enabled, FindingSeverity? Severity);

/// <summary>
/// How a tenant's rules are put together, the same for the worker, the API's validation and dry runs: the
/// built-in pack, then each stored YAML (in rule id order) as the file <c>tenant/&lt;id&gt;.yaml</c>, then one
/// generated file <see cref="StateFile"/> that sets <c>enabled</c>/<c>severity</c> on earlier rules.
/// </summary>
public static class TenantRules
{
    public const string StateFile = "tenant/state.yaml";

    public static string FileOf(string ruleId) => $"tenant/{ruleId}.yaml";

    /// <param name="extra">Files applied last (a rule being validated, the scan command's <c>--rules</c>).</param>
    public static RuleSetResult Compile(DetectorSet detectors, IEnumerable<TenantRuleState> states, IEnumerable<RuleSource>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        var ordered = states.OrderBy(s => s.RuleId, StringComparer.Ordinal).ToList();
        var sources = new List<RuleSource>(DetectionEngine.BuiltInRuleSources());
        sources.AddRange(ordered.Where(s => s.Yaml is not null).Select(s => new RuleSource(FileOf(s.RuleId), s.Yaml!)));
        if (StateYaml(ordered) is { } state)
        {
            sources.Add(new RuleSource(StateFile, state));
        }

        sources.AddRange(extra ?? []);

        return RuleCompiler.Compile(sources, detectors);
    }

    private static string? StateYaml(List<TenantRuleState> states)
    {
        var yaml = new StringBuilder();
        foreach (var s in states.Where(s => s.Enabled is not null || s.Severity is not null))
        {
            // Rule ids are [a-z0-9_.-]+ (checked on write and by the table), so they need no quoting.
            yaml.Append("- rule: ").Append(s.RuleId).Append('\n');
            if (s.Enabled is { } enabled)
            {
                yaml.Append("  enabled: ").Append(enabled ? "true" : "false").Append('\n');
            }

            if (s.Severity is { } severity)
            {
                yaml.Append("  severity: ").Append(severity.ToString().ToLowerInvariant()).Append('\n');
            }
        }

        return yaml.Length == 0 ? null : yaml.ToString();
    }
}
