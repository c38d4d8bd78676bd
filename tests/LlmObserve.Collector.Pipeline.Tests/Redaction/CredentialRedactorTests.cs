using LlmObserve.Collector.Pipeline.Redaction;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Tests.Redaction;

public sealed class CredentialRedactorTests
{
    [Theory]
    [InlineData("Authorization", "Bearer sk-proj-abc123", "Bearer [redacted sha256:{0}]", "sk-proj-abc123")]
    [InlineData("authorization", "Basic dXNlcjpwYXNz", "Basic [redacted sha256:{0}]", "dXNlcjpwYXNz")]
    [InlineData("Proxy-Authorization", "Bearer proxy-secret", "Bearer [redacted sha256:{0}]", "proxy-secret")]
    [InlineData("x-api-key", "sk-ant-api03-xyz", "[redacted sha256:{0}]", "sk-ant-api03-xyz")]
    [InlineData("api-key", "0123456789abcdef", "[redacted sha256:{0}]", "0123456789abcdef")]
    [InlineData("X-Goog-Api-Key", "AIzaSyExample", "[redacted sha256:{0}]", "AIzaSyExample")]
    [InlineData("Cookie", "session=abc; other=def", "[redacted sha256:{0}]", "session=abc; other=def")]
    [InlineData("Set-Cookie", "__cf_bm=xyz; Path=/; HttpOnly", "[redacted sha256:{0}]", "__cf_bm=xyz; Path=/; HttpOnly")]
    [InlineData("X-Amz-Security-Token", "IQoJb3JpZ2luX2VjEXAMPLE", "[redacted sha256:{0}]", "IQoJb3JpZ2luX2VjEXAMPLE")]
    [InlineData("X-Session-Token", "opaque", "[redacted sha256:{0}]", "opaque")]
    [InlineData("X-Client-Secret", "shh", "[redacted sha256:{0}]", "shh")]
    [InlineData("Authorization", "sk-no-scheme", "[redacted sha256:{0}]", "sk-no-scheme")]
    public void RedactHeaders_CredentialHeader_ReplacedByFingerprint(string name, string value, string expected, string fingerprinted)
    {
        var redacted = CredentialRedactor.RedactHeaders([new HttpHeader(name, value)]);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, CredentialFingerprint.Of(fingerprinted)), redacted[0].Value);
    }

    [Theory]
    [InlineData("Content-Type", "application/json")]
    [InlineData("x-ratelimit-remaining-tokens", "149000")]
    [InlineData("anthropic-ratelimit-input-tokens-limit", "400000")]
    [InlineData("anthropic-version", "2023-06-01")]
    public void RedactHeaders_OrdinaryHeader_Untouched(string name, string value)
    {
        Assert.Equal(value, CredentialRedactor.RedactHeaders([new HttpHeader(name, value)])[0].Value);
    }

    [Fact]
    public void RedactHeaderValue_AwsSigV4_RedactsAllAndFingerprintsTheAccessKeyId()
    {
        const string Value = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260301/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

        var redacted = CredentialRedactor.RedactHeaderValue("Authorization", Value);

        Assert.Equal($"AWS4-HMAC-SHA256 [redacted sha256:{CredentialFingerprint.Of("AKIAIOSFODNN7EXAMPLE")}]", redacted);
    }

    [Theory]
    [InlineData("/v1beta/models/gemini:generateContent", "key=AIzaSyExample&alt=sse", "/v1beta/models/gemini:generateContent?key=[redacted sha256:{0}]&alt=sse", "AIzaSyExample")]
    [InlineData("/x", "X-Amz-Signature=abc%2Fdef&X-Amz-Date=20260301", "/x?X-Amz-Signature=[redacted sha256:{0}]&X-Amz-Date=20260301", "abc/def")]
    [InlineData("/x", "api_key=a+b", "/x?api_key=[redacted sha256:{0}]", "a b")]
    [InlineData("/x", "refresh_token=r1&flag", "/x?refresh_token=[redacted sha256:{0}]&flag", "r1")]
    [InlineData("/openai/deployments/d/chat/completions", "api-version=2024-10-21", "/openai/deployments/d/chat/completions?api-version=2024-10-21", "")]
    public void RedactPath_CredentialParameters_ReplacedByFingerprintOfTheDecodedValue(string path, string query, string expected, string fingerprinted)
    {
        var redacted = CredentialRedactor.RedactPath(path, query);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, CredentialFingerprint.Of(fingerprinted)), redacted);
    }

    [Fact]
    public void Fingerprint_SameKeyEverywhere_SameValueAndDifferentKeysDiffer()
    {
        var inHeader = CredentialRedactor.RedactHeaderValue("Authorization", "Bearer sk-live-1");
        var inApiKey = CredentialRedactor.RedactHeaderValue("api-key", "sk-live-1");
        var other = CredentialRedactor.RedactHeaderValue("api-key", "sk-live-2");

        Assert.Equal(inHeader, $"Bearer {inApiKey}");
        Assert.NotEqual(inApiKey, other);
        Assert.Equal("[redacted sha256:2cf24dba5fb0a30e]", CredentialFingerprint.Redacted("hello"));
        Assert.DoesNotContain("sk-live", inHeader + inApiKey + other, StringComparison.Ordinal);
    }
}
