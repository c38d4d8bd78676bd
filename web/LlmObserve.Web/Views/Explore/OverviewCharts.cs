using System.Globalization;
using System.Text.Json;

namespace LlmObserve.Web.Views.Explore;

/// <summary>
/// Chart.js configurations for the overview's <c>&lt;canvas data-chart&gt;</c> elements (console.js draws them).
/// Written as JSON here; Razor encodes the attribute, so category names cannot break out of it.
/// </summary>
public static class OverviewCharts
{
    public const int Days = 14;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The first UTC midnight of the <see cref="Days"/>-day window that ends today.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1 - Days);

    /// <summary>A bar per day, stacked by severity (most severe on top of the legend).</summary>
    public static string FindingsByDay(IReadOnlyList<DaySeverityCount> counts, DateTimeOffset windowStart)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var days = Enumerable.Range(0, Days).Select(i => windowStart.UtcDateTime.Date.AddDays(i)).ToList();
        var datasets = ExploreFormat.Severities.Reverse().Select(severity => new
        {
            label = ExploreFormat.Severity(severity),
            data = days.Select(d => counts.Where(c => c.Severity == severity && c.Day.Date == d).Sum(c => c.Count)).ToArray(),
            backgroundColor = ExploreFormat.SeverityColor(severity),
        });
        return JsonSerializer.Serialize(new
        {
            type = "bar",
            data = new { labels = days.Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture)), datasets },
            options = new
            {
                scales = new
                {
                    x = new { stacked = true },
                    y = new { stacked = true, beginAtZero = true, ticks = new { precision = 0 } },
                },
                plugins = new { legend = new { position = "bottom" } },
            },
        }, Json);
    }

    /// <summary>Horizontal bars, one per category, most frequent first.</summary>
    public static string FindingsByCategory(IReadOnlyList<CategoryCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return JsonSerializer.Serialize(new
        {
            type = "bar",
            data = new
            {
                labels = counts.Select(c => c.Category),
                datasets = new[] { new { label = "findings", data = counts.Select(c => c.Count), backgroundColor = "#0b62c4" } },
            },
            options = new
            {
                indexAxis = "y",
                scales = new { x = new { beginAtZero = true, ticks = new { precision = 0 } } },
                plugins = new { legend = new { display = false } },
            },
        }, Json);
    }
}
