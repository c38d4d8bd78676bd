using System.Globalization;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.Web.Views.Explore;

/// <summary>How the explorer pages write times, counts, sizes, workloads and severities: the same everywhere.</summary>
public static class ExploreFormat
{
    /// <summary>Times are shown in UTC in this format (console.js writes live rows the same way).</summary>
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss'Z'";

    /// <summary>What an empty value is shown as.</summary>
    public const string None = "—";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } t ? Time(t) : None;

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long? bytes) => bytes is { } b ? $"{Count(b)} bytes" : None;

    /// <summary><c>namespace/pod</c>, whichever of the two is known, or <see cref="None"/>.</summary>
    public static string Workload(string? ns, string? pod) =>
        (ns, pod) switch
        {
            (null or "", null or "") => None,
            (null or "", _) => pod!,
            (_, null or "") => ns!,
            _ => $"{ns}/{pod}",
        };

    /// <summary>The lower-case wire name of a severity (CSS classes sev-…, filters, live rows).</summary>
    public static string Severity(FindingSeverity severity) =>
        severity switch
        {
            FindingSeverity.Info => "info",
            FindingSeverity.Low => "low",
            FindingSeverity.Medium => "medium",
            FindingSeverity.High => "high",
            FindingSeverity.Critical => "critical",
            _ => "info",
        };

    /// <summary>Every severity, most severe first.</summary>
    public static IReadOnlyList<FindingSeverity> Severities { get; } =
        [FindingSeverity.Critical, FindingSeverity.High, FindingSeverity.Medium, FindingSeverity.Low, FindingSeverity.Info];

    /// <summary>The colour of a severity in charts (the stylesheet's --sev-… values).</summary>
    public static string SeverityColor(FindingSeverity severity) =>
        severity switch
        {
            FindingSeverity.Critical => "#b42318",
            FindingSeverity.High => "#c2410c",
            FindingSeverity.Medium => "#a15c00",
            FindingSeverity.Low => "#2f6f9f",
            _ => "#5b6470",
        };

    public static string Confidence(double? confidence) =>
        confidence is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : None;
}
