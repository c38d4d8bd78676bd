using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmObserve.Integrations.Formats;

/// <summary>
/// What every export format does to the finding's text before writing it: bounded length, valid
/// UTF-16 (a lone surrogate would make the JSON writer throw), a host without its port, a path
/// without its query string (queries carry API keys, e.g. <c>?key=</c>), and the product identity.
/// </summary>
internal static partial class ExportText
{
    /// <summary>Longest text value written; longer values end in "…" (SIEMs cut or drop longer fields anyway).</summary>
    public const int MaxLength = 8192;

    public const string Product = "LlmObserve";

    public const string Vendor = "LlmObserve";

    /// <summary>The assembly's informational version (e.g. <c>0.1.0+0a1b2c3</c>).</summary>
    public static string ProductVersion { get; } =
        typeof(ExportText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ExportText).Assembly.GetName().Version?.ToString()
        ?? "0";

    /// <summary>
    /// The text with lone surrogates replaced by U+FFFD and cut to <paramref name="maxLength"/>
    /// (never between the two halves of a surrogate pair); null for null or empty text.
    /// </summary>
    public static string? Clean(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var cut = text.Length > maxLength;
        var length = cut ? maxLength - 1 : text.Length;
        if (cut && length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        var span = text.AsSpan(0, length);
        if (!cut && span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(length + 1);
        foreach (var rune in span.EnumerateRunes())
        {
            // EnumerateRunes yields ReplacementChar for every ill-formed UTF-16 sequence.
            builder.Append(rune.ToString());
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }

    /// <summary>The text with every control character (line breaks, tabs, NUL …) replaced by a space.</summary>
    public static string OneLine(string text) =>
        text.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && !text.Contains('\u007f', StringComparison.Ordinal)
            ? text
            : string.Create(text.Length, text, static (chars, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    chars[i] = char.IsControl(source[i]) ? ' ' : source[i];
                }
            });

    /// <summary>The host name of a Host header or SNI value (without port, without IPv6 brackets).</summary>
    public static string? HostName(string? host)
    {
        host = Clean(host?.Trim(), 1024);
        if (host is null)
        {
            return null;
        }

        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end > 1 ? host[1..end] : null;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }

    /// <summary>The request path without its query string or fragment.</summary>
    public static string? PathOnly(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var end = path.AsSpan().IndexOfAny('?', '#');
        return Clean(end < 0 ? path : path[..end]);
    }

    /// <summary>The file name of an executable path.</summary>
    public static string? FileName(string? path)
    {
        path = Clean(path);
        if (path is null)
        {
            return null;
        }

        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length > 0 ? name : null;
    }

    /// <summary>The address in its normal form, or null when the text is not an IP address.</summary>
    public static string? IpAddress(string? address) =>
        IPAddress.TryParse(address, out var ip) ? ip.ToString() : null;

    /// <summary>The port when it is one (1 to 65535).</summary>
    public static int? Port(int? port) => port is >= 1 and <= 65535 ? port : null;

    /// <summary>Milliseconds since the Unix epoch, as OCSF and CEF timestamps are.</summary>
    public static long UnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>Confidence 0 to 1 as a percentage, or null when it is missing or not a number.</summary>
    public static int? ConfidencePercent(double? confidence) =>
        confidence is { } c && double.IsFinite(c)
            ? (int)Math.Round(Math.Clamp(c, 0, 1) * 100, MidpointRounding.AwayFromZero)
            : null;

    /// <summary>A MITRE ATLAS id: tactic (AML.TA0000), technique (AML.T0000) or sub-technique (AML.T0000.000).</summary>
    [GeneratedRegex(@"^AML\.(TA[0-9]{4}|T[0-9]{4}(\.[0-9]{3})?)\z", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    public static partial Regex AtlasId();

    /// <summary>An OWASP Top 10 for LLM Applications id (LLM01 … LLM10, optionally with the edition: LLM01:2025).</summary>
    [GeneratedRegex(@"^LLM[0-9]{2}(:[0-9]{4})?\z", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    public static partial Regex OwaspLlmId();

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
