using System.Globalization;
using LlmObserve.Administration;

namespace LlmObserve.Web.Views.Rules;

/// <summary>
/// What an Enable/Disable button on the rules list asks for, carried in the button's value as
/// <c>enable|disable:version:id</c>: the wanted state (not a flip, so a double submit does no harm) and the
/// version the user saw (so a change made meanwhile by someone else is reported, not overwritten).
/// </summary>
internal sealed record RuleToggle(string RuleId, bool Enable, int Version)
{
    public static string ValueFor(RuleItem rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return string.Create(CultureInfo.InvariantCulture, $"{(rule.Enabled ? "disable" : "enable")}:{rule.Version}:{rule.Id}");
    }

    public static RuleToggle? Parse(string? value)
    {
        var parts = value?.Split(':', 3);
        if (parts is not { Length: 3 } || parts[2].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }

        return parts[0] switch
        {
            "enable" => new RuleToggle(parts[2], true, version),
            "disable" => new RuleToggle(parts[2], false, version),
            _ => null,
        };
    }
}
