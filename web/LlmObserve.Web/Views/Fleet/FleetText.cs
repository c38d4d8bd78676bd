using System.Globalization;

namespace LlmObserve.Web.Views.Fleet;

/// <summary>How the fleet pages write times and statuses, so every page says them the same way.</summary>
internal static class FleetText
{
    /// <summary>UTC, to the second, as every console page shows times.</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><see cref="Time(DateTimeOffset)"/>, or <paramref name="none"/> when there is no time.</summary>
    public static string Time(DateTimeOffset? at, string none = "—") => at is { } value ? Time(value) : none;

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The status class of a node (active, stale, revoked: <see cref="Administration.NodeItem.Status"/>) or an
    /// enrollment token (active, expired, exhausted, revoked): good, needs a look, cut off.
    /// </summary>
    public static string StatusClass(string status) => status switch
    {
        "active" => "status-ok",
        "revoked" => "status-bad",
        _ => "status-warn",
    };
}
