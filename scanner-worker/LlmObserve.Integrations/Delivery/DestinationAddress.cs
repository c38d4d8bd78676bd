using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LlmObserve.Data.Entities;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Where a destination sends to, checked once for the API and the senders alike: a webhook's
/// http(s) URL, or a syslog server as <c>tcp://host:port</c> or <c>tls://host:port</c> (RFC 5425).
/// </summary>
public sealed record DestinationAddress(Uri Uri)
{
    public const int MaxLength = 2048;

    /// <summary>Syslog over TLS (RFC 5425) rather than plain TCP (RFC 6587).</summary>
    public bool UsesTls => Uri.Scheme is "https" or "tls";

    public string Host => Uri.IdnHost;

    public int Port => Uri.Port;

    /// <summary>
    /// The form stored and sent to: a webhook's URL as <see cref="System.Uri"/> writes it (scheme
    /// and host in lower case, default port dropped, unsafe characters escaped), a syslog server as
    /// <c>scheme://host:port</c>.
    /// </summary>
    public string Normalized => UsesSyslogScheme ? $"{Uri.Scheme}://{Uri.Authority}" : Uri.AbsoluteUri;

    private bool UsesSyslogScheme => Uri.Scheme is "tcp" or "tls";

    /// <summary>
    /// <paramref name="url"/> fit to show or record: its query, where webhooks (Slack- or Teams-style)
    /// often carry a secret, replaced by <c>?…</c>. Anything that is not an absolute URL is returned as is.
    /// </summary>
    public static string Redacted(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Query.Length > 0
            ? uri.GetLeftPart(UriPartial.Path) + "?…"
            : url;
    }

    /// <summary>Parses <paramref name="url"/> for a destination of <paramref name="kind"/>; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string kind, string? url, [NotNullWhen(true)] out DestinationAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = Check(kind, url, out var uri);
        if (error is not null)
        {
            return false;
        }

        address = new DestinationAddress(uri!);
        return true;
    }

    private static string? Check(string kind, string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength)
        {
            return $"url is required and at most {MaxLength} characters long.";
        }

        // PostgreSQL cannot store NUL, and no URL needs a control character.
        var control = Array.FindIndex(url.ToCharArray(), char.IsControl);
        if (control >= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"url must not contain control characters (U+{(int)url[control]:X4} at position {control}).");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || string.IsNullOrEmpty(uri.Host))
        {
            return $"url '{url}' is not an absolute URL with a host.";
        }

        if (uri.UserInfo.Length > 0)
        {
            // It would be stored and shown in reads; webhooks authenticate with the signature instead.
            return "url must not contain credentials (user:password@).";
        }

        if (uri.Fragment.Length > 0)
        {
            return "url must not contain a fragment (#...).";
        }

        return kind switch
        {
            DestinationKinds.Webhook when uri.Scheme is not ("http" or "https") =>
                $"A webhook url must be http:// or https://, not '{uri.Scheme}://'.",
            DestinationKinds.Webhook => null,
            DestinationKinds.Syslog when uri.Scheme is not ("tcp" or "tls") =>
                $"A syslog url must be tcp://host:port or tls://host:port, not '{uri.Scheme}://'.",
            DestinationKinds.Syslog when uri.IsDefaultPort || uri.Port is < 1 or > 65535 =>
                "A syslog url must name its port (tcp://host:port or tls://host:port; 6514 is the usual port for TLS).",
            DestinationKinds.Syslog when uri.AbsolutePath != "/" || uri.Query.Length > 0 =>
                "A syslog url has no path or query: tcp://host:port or tls://host:port.",
            DestinationKinds.Syslog => null,
            _ => $"kind must be one of: {string.Join(", ", DestinationKinds.All)}.",
        };
    }
}
