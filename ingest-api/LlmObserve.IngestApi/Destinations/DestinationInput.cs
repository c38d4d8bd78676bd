using System.Net;
using LlmObserve.Data.Entities;
using LlmObserve.Integrations.Delivery;

namespace LlmObserve.IngestApi.Destinations;

/// <summary>Checks of what a client sends for a destination; each returns what is wrong, or null.</summary>
internal static class DestinationInput
{
    public const int MaxNameLength = 100;

    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl)
            ? $"name is required: 1 to {MaxNameLength} characters, no control characters."
            : null;

    public static string? CheckKind(string? kind) =>
        kind is not null && DestinationKinds.All.Contains(kind, StringComparer.Ordinal)
            ? null
            : $"kind must be one of: {string.Join(", ", DestinationKinds.All)}.";

    public static string? CheckFormat(string? format) =>
        format is not null && ExportFormats.All.Contains(format, StringComparer.Ordinal)
            ? null
            : $"format must be one of: {string.Join(", ", ExportFormats.All)}.";

    /// <summary>
    /// The address's own checks, and one the API can make without knowing where workers may
    /// connect: an IP literal that no setting allows (cloud metadata, link-local …). Host names,
    /// and private or loopback literals, are checked at connect time (<see cref="DestinationNetworks"/>).
    /// </summary>
    public static string? CheckUrl(string kind, string? url)
    {
        if (!DestinationAddress.TryParse(kind, url, out var address, out var error))
        {
            return error;
        }

        return IPAddress.TryParse(address.Host, out var ip) && DestinationNetworks.NeverAllowedReason(ip) is { } reason
            ? $"url's address {ip} is {reason}, never allowed as a destination."
            : null;
    }

    /// <summary>The form of an already checked <paramref name="url"/> that is stored (<see cref="DestinationAddress.Normalized"/>).</summary>
    public static string NormalizedUrl(string kind, string url) =>
        DestinationAddress.TryParse(kind, url, out var address, out var error) ? address.Normalized : throw new ArgumentException(error, nameof(url));

    /// <summary>Null or empty means "no CA of its own".</summary>
    public static string? CheckCaCertificate(string? pem) =>
        string.IsNullOrEmpty(pem) || DestinationTrust.TryParse(pem, out _, out var error) ? null : error;

    public static string? CheckSeverity(Contracts.Findings.FindingSeverity? severity) =>
        severity is null || Enum.IsDefined(severity.Value) ? null : "minSeverity must be one of: info, low, medium, high, critical.";
}
