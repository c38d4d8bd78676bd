using System.Collections.Frozen;
using System.Text;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Redaction;

/// <summary>
/// Replaces credentials in headers and query strings by their fingerprint before anything leaves the node.
/// Bodies are left alone: secrets pasted into prompts are exactly what the backend looks for.
/// </summary>
public static class CredentialRedactor
{
    private static readonly FrozenSet<string> SecretHeaders = new[]
    {
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie", "set-cookie", "x-amz-security-token",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SchemeHeaders = new[] { "authorization", "proxy-authorization" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SecretParameters = new[]
    {
        "key", "api_key", "api-key", "apikey", "token", "access_token", "sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Any header or parameter whose name holds one of these is taken for a credential.
    private static readonly string[] SecretNameParts = ["token", "secret", "api-key", "api_key", "apikey", "password"];

    /// <summary>Whether a header's value is a credential. Rate-limit headers count tokens, they are not tokens.</summary>
    public static bool IsSecretHeader(string name) =>
        SecretHeaders.Contains(name) || (HasSecretPart(name) && !name.Contains("ratelimit", StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<HttpHeader> RedactHeaders(IReadOnlyList<HttpHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var result = new HttpHeader[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            result[i] = IsSecretHeader(header.Name) ? header with { Value = RedactHeaderValue(header.Name, header.Value) } : header;
        }

        return result;
    }

    /// <summary>
    /// Authorization keeps its scheme (<c>Bearer [redacted sha256:…]</c>). AWS SigV4 is redacted whole, but its
    /// fingerprint is the access key id's: the signature differs on every request, the key does not.
    /// </summary>
    public static string RedactHeaderValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (!SchemeHeaders.Contains(name) || space <= 0 || space == value.Length - 1)
        {
            return CredentialFingerprint.Redacted(value);
        }

        var scheme = value[..space];
        var credentials = value[(space + 1)..].Trim();
        if (scheme.Equals("AWS4-HMAC-SHA256", StringComparison.OrdinalIgnoreCase) && AccessKeyId(credentials) is { } keyId)
        {
            credentials = keyId;
        }

        return $"{scheme} {CredentialFingerprint.Redacted(credentials)}";
    }

    /// <summary>Path and query with credential-like parameter values replaced (their decoded value is fingerprinted).</summary>
    public static string RedactPath(string path, string? query)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrEmpty(query))
        {
            return query is null ? path : path + "?";
        }

        var builder = new StringBuilder(path.Length + query.Length + 1).Append(path).Append('?');
        var first = true;
        foreach (var parameter in query.Split('&'))
        {
            builder.Append(first ? "" : "&");
            first = false;
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parameter : parameter[..equals];
            if (equals < 0 || !IsSecretParameter(Decode(name)))
            {
                builder.Append(parameter);
                continue;
            }

            builder.Append(name).Append('=').Append(CredentialFingerprint.Redacted(Decode(parameter[(equals + 1)..])));
        }

        return builder.ToString();
    }

    public static bool IsSecretParameter(string name) => SecretParameters.Contains(name) || HasSecretPart(name);

    private static bool HasSecretPart(string name)
    {
        foreach (var part in SecretNameParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    /// <summary>The access key id in <c>Credential=AKIA…/20250101/us-east-1/bedrock/aws4_request, …</c>.</summary>
    private static string? AccessKeyId(string credentials)
    {
        const string Marker = "Credential=";
        var start = credentials.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        var end = credentials.IndexOfAny(['/', ',', ' '], start);
        return end > start ? credentials[start..end] : null;
    }
}
