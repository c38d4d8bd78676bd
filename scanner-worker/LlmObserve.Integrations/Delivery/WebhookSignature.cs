using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// How webhook deliveries are signed, for receivers to check: HMAC-SHA256, keyed with the
/// destination's signing secret (the whole string, as UTF-8), over <c>"&lt;timestamp&gt;.&lt;body&gt;"</c>,
/// sent as <c>X-LlmObserve-Signature: sha256=&lt;lower-case hex&gt;</c> with the timestamp (Unix
/// seconds) in <c>X-LlmObserve-Timestamp</c>. Signing the timestamp lets a receiver refuse replays
/// of old requests; <c>X-LlmObserve-Delivery</c> (the finding id) lets it drop repeats.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-LlmObserve-Signature";
    public const string TimestampHeader = "X-LlmObserve-Timestamp";
    public const string DeliveryHeader = "X-LlmObserve-Delivery";
    public const string Scheme = "sha256=";

    /// <summary>The <see cref="SignatureHeader"/> value for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return Scheme + Convert.ToHexStringLower(mac);
    }
}
