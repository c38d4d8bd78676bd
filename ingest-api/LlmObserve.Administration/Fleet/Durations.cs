namespace LlmObserve.Administration.Fleet;

/// <summary>Lifetimes as people write them, for the admin command line, the API and the console (enrollment token ttl).</summary>
public static class Durations
{
    /// <summary>"90s", "30m", "24h", "7d", or a TimeSpan such as "1.00:00:00"; null when unreadable, under a second or over ten years.</summary>
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        var seconds = text.Length > 1 && double.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? text[^1] switch
            {
                's' => n,
                'm' => n * 60,
                'h' => n * 3600,
                'd' => n * 86400,
                _ => double.NaN,
            }
            : double.NaN;
        if (double.IsNaN(seconds) && TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var t))
        {
            seconds = t.TotalSeconds;
        }

        // Compared as a number first: TimeSpan.FromSeconds throws on infinities and overflows.
        return seconds is >= 1 and <= 10 * 365.25 * 86400 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
