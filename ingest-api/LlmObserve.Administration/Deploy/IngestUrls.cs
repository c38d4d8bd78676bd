using System.Text.RegularExpressions;

namespace LlmObserve.Administration.Deploy;

/// <summary>
/// The ingest URL written into deploy instructions. It ends up as a YAML value, a shell word and a line of
/// a systemd environment file, so beyond being an absolute http(s) URL it may hold only characters that
/// mean nothing to any of them.
/// </summary>
public static partial class IngestUrls
{
    /// <summary>What is wrong with <paramref name="url"/> as an ingest URL, or null when nothing is.</summary>
    public static string? Problem(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http(s) URL";
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return "must not hold a user name, a query or a fragment";
        }

        return SafeCharacters().IsMatch(url.AbsoluteUri)
            ? null
            : "may only hold letters, digits and . _ ~ : / % - [ ]";
    }

    /// <summary>The base address with a trailing slash, as the collector joins paths to it.</summary>
    public static Uri Normalize(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    /// <summary>
    /// <paramref name="baseAddress"/> (scheme, host, path base: what a host serves under, such as the URL a request
    /// came in on) as an ingest URL, or null when it is not an absolute URL or unusable as one (<see cref="Problem"/>).
    /// </summary>
    public static Uri? FromBaseAddress(string baseAddress) =>
        Uri.TryCreate(baseAddress, UriKind.Absolute, out var url) && Problem(url) is null
            ? url
            : null;

    [GeneratedRegex(@"^[A-Za-z0-9._~:/%\[\]-]+$", RegexOptions.NonBacktracking)]
    private static partial Regex SafeCharacters();
}
