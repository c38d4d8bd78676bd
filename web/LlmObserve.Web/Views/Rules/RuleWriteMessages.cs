using LlmObserve.Administration.Rules;

namespace LlmObserve.Web.Views.Rules;

/// <summary>
/// What the rule pages tell the user, and the status code they answer with, when a write through
/// <see cref="TenantRuleService"/> did not succeed. The service's own messages name REST calls; these say what
/// to do in the console.
/// </summary>
internal static class RuleWriteMessages
{
    public const string ReadOnly =
        "Your role in this tenant may read rules but not change them: ask an analyst or an administrator of the tenant.";

    public static int StatusCode(RuleWriteStatus status) => status switch
    {
        RuleWriteStatus.Invalid => StatusCodes.Status400BadRequest,
        // A rule deleted since the page was loaded is a conflict with its current state, not a wrong address;
        // a 404 would also make the status code pages replace the page and its explanation.
        RuleWriteStatus.NotFound or RuleWriteStatus.Conflict or RuleWriteStatus.VersionMismatch => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status200OK,
    };

    /// <summary>The message for a failed write of <paramref name="ruleId"/> (null when creating and the id is unknown).</summary>
    public static string Describe(RuleWriteOutcome outcome, string? ruleId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var rule = ruleId is null ? "This rule" : $"Rule {ruleId}";
        return outcome.Status switch
        {
            RuleWriteStatus.VersionMismatch =>
                $"{rule} was changed by someone else since this page was loaded, so nothing was saved. Reload the rule to see the change, then make yours again.",
            RuleWriteStatus.Conflict => ruleId is null
                ? "A rule with this id was created at the same time, so nothing was saved. Reload the rules list and try again."
                : $"A rule {ruleId} already exists (built-in or custom), so nothing was saved: open it from the rules list to change it, or give this rule another id.",
            RuleWriteStatus.NotFound => $"{rule} no longer exists in this tenant.",
            RuleWriteStatus.Invalid => "The rule has errors, so nothing was saved: see them below, at their lines.",
            _ => outcome.Message ?? "The rule could not be saved.",
        };
    }
}
