using System.Globalization;

namespace LlmObserve.Web.Live;

/// <summary>Where a page's live findings list stands: the storing time and id of the newest finding it shows.</summary>
internal readonly record struct LivePosition(DateTimeOffset CreatedAt, Guid Id)
{
    public override string ToString() => $"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id:N}";

    public static bool TryParse(string? text, out LivePosition position)
    {
        position = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id))
        {
            return false;
        }

        position = new LivePosition(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }

    /// <summary>Before every finding.</summary>
    public static LivePosition Start => new(DateTimeOffset.UnixEpoch, Guid.Empty);
}
