using System.Globalization;
using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks.Reporting;

/// <summary>How the report writes figures, verdicts and dates.</summary>
internal static class FigureText
{
    /// <summary>The value with a precision that suits its size, and its unit: "2,013 exchanges/s", "14.2 ms", "0.934".</summary>
    public static string Value(Figure figure)
    {
        var magnitude = Math.Abs(figure.Value);
        var format = figure.Unit.Length == 0 ? "0.000" // a ratio, such as recall
            : magnitude >= 100 || magnitude == Math.Floor(magnitude) ? "#,0"
            : magnitude >= 10 ? "0.0"
            : magnitude >= 1 ? "0.00" : "0.000";
        var number = figure.Value.ToString(format, CultureInfo.InvariantCulture);
        return figure.Unit.Length == 0 ? number : $"{number} {figure.Unit}";
    }

    /// <summary>met, **NOT met**, or empty when the figure has no target.</summary>
    public static string Verdict(Figure figure) => figure.Met switch
    {
        true => "met",
        false => "**NOT met**",
        null => "",
    };

    /// <summary>A date as the report writes it: UTC, to the minute.</summary>
    public static string Date(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Text that is safe in a Markdown table cell.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>The first number in a target such as "&lt; 1,000 ms with …" (1000), or null.</summary>
    public static double? Limit(string? target)
    {
        if (target is null)
        {
            return null;
        }

        var start = target.AsSpan().IndexOfAnyInRange('0', '9');
        if (start < 0)
        {
            return null;
        }

        var end = start;
        while (end < target.Length && (char.IsAsciiDigit(target[end]) || target[end] is ',' or '.'))
        {
            end++;
        }

        return double.TryParse(target[start..end].Replace(",", "", StringComparison.Ordinal).TrimEnd('.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : null;
    }
}
