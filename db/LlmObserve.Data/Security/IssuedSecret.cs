using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LlmObserve.Data.Security;

/// <summary>
/// Secrets we issue (enrollment tokens, node credentials, API keys): 256 random bits behind a
/// readable prefix that says what the token is, so it can be recognized in logs or secret scanners.
/// Only <see cref="Hash"/> of a token is ever stored.
/// </summary>
public static class IssuedSecret
{
    public const string EnrollmentTokenPrefix = "llmo_enroll_";
    public const string NodeCredentialPrefix = "llmo_node_";
    public const string ApiKeyPrefix = "llmo_key_";

    public static string Generate(string prefix) =>
        prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
