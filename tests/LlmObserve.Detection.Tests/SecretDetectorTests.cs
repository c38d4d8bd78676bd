using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection.Tests;

public sealed class SecretDetectorTests
{
    private static List<DetectorHit> Detect(string text)
    {
        var hits = new List<DetectorHit>();
        new SecretDetector().Detect(text, ExchangeScanner.RequestBody, hits);
        return hits;
    }

    [Theory]
    [InlineData("my key is AKIAIOSFODNN7EXAMPLE, help", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("{\"content\":\"ASIAY34FZKBOKMUTVV7A\"}", "ASIAY34FZKBOKMUTVV7A")]
    [InlineData("aws_access_key_id=AKIA2OGYBAH6STMMNXNN\n", "AKIA2OGYBAH6STMMNXNN")]
    public void Detect_AwsAccessKeyId_FindsItAtItsOffset(string text, string key)
    {
        var hit = Assert.Single(Detect(text));

        Assert.Equal(SecretDetector.AwsAccessKeyRule, hit.RuleId);
        Assert.Equal(FindingCategory.Secret, hit.Category);
        Assert.Equal(FindingSeverity.High, hit.Severity);
        Assert.Equal(key, text.Substring(hit.Start, hit.Length));
        Assert.Equal(key[..4] + new string('*', 12) + key[^4..], hit.Evidence);
        Assert.DoesNotContain(key, hit.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("akiaiosfodnn7example")] // lower case
    [InlineData("AKIAIOSFODNN7EXAMPL")] // 19 characters
    [InlineData("XAKIAIOSFODNN7EXAMPLE")] // part of a longer token
    [InlineData("AKIAIOSFODNN7EXAMPLEX")] // part of a longer token
    [InlineData("AKIA0000111188889999")] // 0, 1, 8, 9 are not base32
    [InlineData("Explain what an AWS access key id looks like.")]
    public void Detect_TextThatOnlyResemblesAKey_FindsNothing(string text) => Assert.Empty(Detect(text));

    [Theory]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk...")]
    [InlineData("key: \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ...\"")]
    [InlineData("-----BEGIN PGP PRIVATE KEY BLOCK-----")]
    public void Detect_PrivateKeyBlock_IsCritical(string text)
    {
        var hit = Assert.Single(Detect(text));

        Assert.Equal(SecretDetector.PrivateKeyRule, hit.RuleId);
        Assert.Equal(FindingSeverity.Critical, hit.Severity);
        Assert.StartsWith("-----BEGIN", hit.Evidence, StringComparison.Ordinal);
        Assert.Equal(hit.Evidence, text.Substring(hit.Start, hit.Length));
    }

    [Theory]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjAN...")]
    [InlineData("-----BEGIN CERTIFICATE-----")]
    [InlineData("How do I generate a private key with openssl?")]
    public void Detect_PublicMaterialOrQuestions_FindsNothing(string text) => Assert.Empty(Detect(text));

    [Fact]
    public void Detect_SeveralSecrets_FindsEach()
    {
        var hits = Detect("AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A and -----BEGIN EC PRIVATE KEY-----");

        Assert.Equal(3, hits.Count);
    }
}
