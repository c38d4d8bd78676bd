namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// A request target split into path and query, with the authority of absolute-form targets (what clients
/// send to a forward proxy: <c>POST http://host/v1/chat/completions</c>). User info is never kept.
/// </summary>
internal readonly record struct RequestTarget(string? Authority, string Path, string? Query)
{
    public static RequestTarget Parse(string target)
    {
        string? authority = null;
        var rest = target;
        var scheme = target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8 : 0;
        if (scheme > 0)
        {
            var end = target.AsSpan(scheme).IndexOfAny('/', '?');
            authority = end < 0 ? target[scheme..] : target.Substring(scheme, end);
            authority = authority[(authority.LastIndexOf('@') + 1)..];
            rest = end < 0 ? "/" : target[(scheme + end)..];
        }

        var question = rest.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? new RequestTarget(authority, rest, null) : new RequestTarget(authority, rest[..question], rest[(question + 1)..]);
    }

    /// <summary>Host (lowercase, no trailing dot, IPv6 without brackets) and port of a Host header or authority.</summary>
    public static (string Host, int? Port) SplitAuthority(string authority)
    {
        var value = authority.Trim().ToLowerInvariant();
        string host;
        string? port = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? value[1..] : value[1..close];
            port = close >= 0 && close + 1 < value.Length && value[close + 1] == ':' ? value[(close + 2)..] : null;
        }
        else
        {
            var colon = value.LastIndexOf(':');
            host = colon < 0 ? value : value[..colon];
            port = colon < 0 ? null : value[(colon + 1)..];
        }

        var parsed = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? number
            : (int?)null;
        return (host.TrimEnd('.'), parsed);
    }
}
