using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>Header lookups by case-insensitive name, as HTTP defines them.</summary>
internal static class HeaderValues
{
    /// <summary>The first value of the header, or null.</summary>
    public static string? Get(IReadOnlyList<HttpHeader> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Whether any value of the header, read as a comma-separated list, holds the token.</summary>
    public static bool HasToken(IReadOnlyList<HttpHeader> headers, string name, string token)
    {
        foreach (var header in headers)
        {
            if (!string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in header.Value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The media type of Content-Type, lowercase and without parameters, or null.</summary>
    public static string? MediaType(IReadOnlyList<HttpHeader> headers)
    {
        var value = Get(headers, "Content-Type");
        if (value is null)
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? value : value[..semicolon]).Trim().ToLowerInvariant();
    }
}
