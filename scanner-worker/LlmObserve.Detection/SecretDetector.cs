using System.Text.RegularExpressions;
using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection;

/// <summary>
/// Credentials that must not be sent to a model: AWS access key ids and private-key blocks.
/// The first of the secret detectors; the full set (entropy, more key formats) comes with the
/// detection engine. The patterns have no nested quantifiers, so matching is linear.
/// </summary>
public sealed partial class SecretDetector : IDetector
{
    public const string AwsAccessKeyRule = "secret.aws_access_key_id";
    public const string PrivateKeyRule = "secret.private_key";

    public void Detect(string text, string location, ICollection<DetectorHit> detections)
    {
        foreach (var match in AwsAccessKeyId().EnumerateMatches(text))
        {
            var key = text.AsSpan(match.Index, match.Length);
            detections.Add(new DetectorHit(
                AwsAccessKeyRule, FindingCategory.Secret, FindingSeverity.High,
                "AWS access key id sent to an LLM",
                Mask(key), location, match.Index, match.Length));
        }

        foreach (var match in PrivateKeyHeader().EnumerateMatches(text))
        {
            detections.Add(new DetectorHit(
                PrivateKeyRule, FindingCategory.Secret, FindingSeverity.Critical,
                "Private key sent to an LLM",
                text.Substring(match.Index, match.Length), location, match.Index, match.Length));
        }
    }

    /// <summary>Keeps the first and last four characters, enough to recognize a key, not to use it.</summary>
    internal static string Mask(ReadOnlySpan<char> secret) =>
        secret.Length <= 8
            ? new string('*', secret.Length)
            : string.Concat(secret[..4], new string('*', secret.Length - 8), secret[^4..]);

    // Key ids are 20 characters: a 4-letter type prefix and 16 base32 characters (A-Z, 2-7).
    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex AwsAccessKeyId();

    // The header line is enough: it is never present by accident, and the key body is not evidence we want to keep.
    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex PrivateKeyHeader();
}
