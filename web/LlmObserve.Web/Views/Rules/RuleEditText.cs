using System.Globalization;
using LlmObserve.Administration;

namespace LlmObserve.Web.Views.Rules;

/// <summary>The rule editor's confirmations.</summary>
internal static class RuleEditText
{
    /// <summary>
    /// Says the YAML is valid, and warns when saving it would still be refused: a save needs exactly one rule,
    /// and on an existing rule's page exactly that rule.
    /// </summary>
    public static string Valid(IReadOnlyList<string> defined, string? ruleId)
    {
        ArgumentNullException.ThrowIfNull(defined);
        var rules = defined.Count == 0 ? "no rule" : string.Join(", ", defined);
        var text = $"The YAML is valid: it defines {rules}.";
        if (ruleId is not null && (defined.Count != 1 || !string.Equals(defined[0], ruleId, StringComparison.Ordinal)))
        {
            return text + $" To save it here it must define exactly the rule {ruleId}.";
        }

        return ruleId is null && defined.Count != 1 ? text + " To save it, it must define exactly one rule." : text;
    }

    public static string StateSaved(RuleItem rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return string.Create(CultureInfo.InvariantCulture,
            $"Rule {rule.Id} is now {RuleLabels.State(rule.Enabled)} with severity {RuleLabels.Name(rule.Severity)} (version {rule.Version}).");
    }
}
