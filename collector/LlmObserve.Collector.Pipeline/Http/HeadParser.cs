using System.Text;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Parses a complete message head (start line, headers, empty line) as RFC 9112 defines it, accepting bare
/// LF line ends and rejecting what a real client or server does not send (obsolete line folding, control
/// characters, missing colons). Errors are drop reasons, not exceptions: garbage is expected input here.
/// </summary>
internal static class HeadParser
{
    public const string Malformed = "malformed";
    public const string HeaderLimit = "header_limit";

    private static readonly string[] KnownMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE"];

    public static string? ParseRequest(ReadOnlySpan<byte> head, int maxHeaders, out HttpRequestHead? request)
    {
        request = null;
        var line = NextLine(ref head);
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return Malformed;
        }

        var method = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        var version = line[(lastSpace + 1)..];
        if (!IsToken(method) || !IsVersion(version) || !IsVisible(target))
        {
            return Malformed;
        }

        var headers = new List<HttpHeader>();
        var error = ParseHeaders(head, maxHeaders, headers);
        if (error is null)
        {
            request = new HttpRequestHead(MethodName(method), Encoding.UTF8.GetString(target), Encoding.ASCII.GetString(version), headers);
        }

        return error;
    }

    public static string? ParseResponse(ReadOnlySpan<byte> head, int maxHeaders, out HttpResponseHead? response)
    {
        response = null;
        var line = NextLine(ref head);
        if (line.Length < 12 || !IsVersion(line[..8]) || line[8] != ' ' || !IsStatus(line.Slice(9, 3)) || (line.Length > 12 && line[12] != ' '))
        {
            return Malformed;
        }

        var reason = line.Length > 13 ? line[13..] : default;
        if (reason.ContainsAnyInRange((byte)0, (byte)8) || reason.ContainsAnyInRange((byte)10, (byte)31))
        {
            return Malformed;
        }

        var headers = new List<HttpHeader>();
        var error = ParseHeaders(head, maxHeaders, headers);
        if (error is null)
        {
            var status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
            response = new HttpResponseHead(status, Encoding.UTF8.GetString(reason), Encoding.ASCII.GetString(line[..8]), headers);
        }

        return error;
    }

    private static string? ParseHeaders(ReadOnlySpan<byte> rest, int maxHeaders, List<HttpHeader> headers)
    {
        while (true)
        {
            var line = NextLine(ref rest);
            if (line.IsEmpty)
            {
                return null;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return Malformed; // also obsolete line folding: a line starting with a space is no token
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.ContainsAnyInRange((byte)0, (byte)8) || value.ContainsAnyInRange((byte)10, (byte)31) || value.Contains((byte)127))
            {
                return Malformed;
            }

            if (headers.Count == maxHeaders)
            {
                return HeaderLimit;
            }

            headers.Add(new HttpHeader(Encoding.ASCII.GetString(line[..colon]), Encoding.UTF8.GetString(value)));
        }
    }

    /// <summary>The next line without its CR LF (or bare LF); the whole rest when no LF is left.</summary>
    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        var lf = rest.IndexOf((byte)'\n');
        var line = lf < 0 ? rest : rest[..lf];
        rest = lf < 0 ? default : rest[(lf + 1)..];
        return line.EndsWith("\r"u8) ? line[..^1] : line;
    }

    private static bool IsVersion(ReadOnlySpan<byte> version) => version.SequenceEqual("HTTP/1.1"u8) || version.SequenceEqual("HTTP/1.0"u8);

    private static bool IsStatus(ReadOnlySpan<byte> digits) =>
        digits[0] is >= (byte)'1' and <= (byte)'9' && char.IsAsciiDigit((char)digits[1]) && char.IsAsciiDigit((char)digits[2]);

    private static bool IsVisible(ReadOnlySpan<byte> target) => !target.IsEmpty && !target.ContainsAnyInRange((byte)0, (byte)32) && !target.Contains((byte)127);

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~"u8.Contains(b)))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    /// <summary>The usual methods as shared strings: no allocation per request for them.</summary>
    private static string MethodName(ReadOnlySpan<byte> method)
    {
        foreach (var known in KnownMethods)
        {
            if (Ascii.Equals(method, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(method);
    }
}
