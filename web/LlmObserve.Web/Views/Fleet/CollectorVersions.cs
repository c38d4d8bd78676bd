namespace LlmObserve.Web.Views.Fleet;

/// <summary>
/// Orders collector versions as releases are numbered ("0.1.0", "0.2.0-rc.1", "0.2.0+3f2c…"): by the numeric
/// release first, a release after its pre-releases, then by the text, so that any two versions compare the same
/// way on every page load (a version that is not numeric sorts before every numeric one).
/// </summary>
internal sealed class CollectorVersions : IComparer<string>
{
    public static CollectorVersions Comparer { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var (xRelease, xPre) = Split(x);
        var (yRelease, yPre) = Split(y);
        var byRelease = Comparer<Version?>.Default.Compare(xRelease, yRelease);
        if (byRelease != 0)
        {
            return byRelease;
        }

        if (xPre != yPre)
        {
            return xPre ? -1 : 1;
        }

        return string.CompareOrdinal(x, y);
    }

    /// <summary>The numeric release (null when not numeric) and whether it is a pre-release.</summary>
    private static (Version? Release, bool PreRelease) Split(string version)
    {
        var text = version.Trim().TrimStart('v', 'V');
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var release = dash >= 0 ? text[..dash] : text;
        return (Version.TryParse(release, out var parsed) ? parsed : null, dash >= 0);
    }
}
