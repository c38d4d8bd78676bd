using System.Security.Cryptography;
using System.Text;

namespace LlmObserve.Collector.Pipeline.Redaction;

/// <summary>
/// What replaces a credential: <c>[redacted sha256:&lt;first 16 hex digits of SHA-256 of the value&gt;]</c>.
/// Deterministic and unsalted on purpose, so the same key gives the same fingerprint on every node and the
/// backend can see one key used from many workloads; 64 bits of a hash of a high-entropy key do not give
/// the key back.
/// </summary>
public static class CredentialFingerprint
{
    public static string Redacted(string secret) => $"[redacted sha256:{Of(secret)}]";

    /// <summary>The first 16 lowercase hex digits of SHA-256 over the value's UTF-8 bytes.</summary>
    public static string Of(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
