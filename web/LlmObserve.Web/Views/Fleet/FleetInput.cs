using System.Globalization;
using LlmObserve.Administration.Fleet;

namespace LlmObserve.Web.Views.Fleet;

/// <summary>
/// The console's forms read through <see cref="FleetRules"/>, so the console accepts exactly what the REST API
/// accepts; this only turns form text into values and names the fields as the forms do.
/// </summary>
internal static class FleetInput
{
    public const int MaxNameLength = FleetRules.MaxNameLength;

    public const int MaxTokenUses = FleetRules.MaxTokenUses;

    public const string DefaultTtl = FleetRules.DefaultTokenTtl;

    /// <summary>More than the API's default of one: a cluster usually has several nodes.</summary>
    public const int DefaultMaxUses = 10;

    /// <summary>Null when the name is usable; else why not.</summary>
    public static string? NameProblem(string? name, string what) => FleetRules.NameProblem(name?.Trim(), $"The {what}");

    /// <summary>Reads the lifetime and the number of uses from the form; null when both are usable, else why not.</summary>
    public static string? TokenProblem(string? ttl, string? maxUses, out TimeSpan lifetime, out int uses)
    {
        uses = DefaultMaxUses;
        if (!string.IsNullOrWhiteSpace(maxUses)
            && !int.TryParse(maxUses.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uses))
        {
            lifetime = default;
            return $"The number of uses must be a whole number from 1 to {MaxTokenUses.ToString("N0", CultureInfo.InvariantCulture)}.";
        }

        return FleetRules.TokenProblem(ttl, uses, out lifetime, "The lifetime", "The number of uses");
    }
}
