using LlmObserve.Detection.Conversations;
using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class SecretDetectorTests
{
    internal static List<Signal> Detect(string text, string field = TextFields.Prompt)
    {
        var signals = new List<Signal>();
        new SecretDetector().DetectText(text, field, signals);
        return signals;
    }

    [Theory]
    [InlineData("my key is AKIAIOSFODNN7EXAMPLE, can you check it?", SecretKinds.AwsAccessKeyId, FakeSecrets.AwsAccessKeyId)]
    [InlineData("<script src=\"https://maps.googleapis.com/maps/api/js?key=" + FakeSecrets.GoogleApiKey + "\"></script>", SecretKinds.GoogleApiKey, FakeSecrets.GoogleApiKey)]
    [InlineData("git clone https://" + FakeSecrets.GithubClassic + "@github.com/acme/app.git", SecretKinds.GithubToken, FakeSecrets.GithubClassic)]
    [InlineData("use the token " + FakeSecrets.GithubFineGrained + " for the API", SecretKinds.GithubToken, FakeSecrets.GithubFineGrained)]
    [InlineData("GitLab says my token " + FakeSecrets.GitlabToken + " expired.", SecretKinds.GitlabToken, FakeSecrets.GitlabToken)]
    [InlineData("slack bot: " + FakeSecrets.SlackBot, SecretKinds.SlackToken, FakeSecrets.SlackBot)]
    [InlineData("client = OpenAI(api_key=\"" + FakeSecrets.OpenAiProject + "\")", SecretKinds.OpenAiApiKey, FakeSecrets.OpenAiProject)]
    [InlineData("why does " + FakeSecrets.OpenAiLegacy + " give 401?", SecretKinds.OpenAiApiKey, FakeSecrets.OpenAiLegacy)]
    [InlineData("export ANTHROPIC=" + FakeSecrets.Anthropic, SecretKinds.AnthropicApiKey, FakeSecrets.Anthropic)]
    [InlineData("login with " + FakeSecrets.HuggingFace + " please", SecretKinds.HuggingFaceToken, FakeSecrets.HuggingFace)]
    [InlineData("stripe.api_key = '" + FakeSecrets.StripeLive + "'", SecretKinds.StripeKey, FakeSecrets.StripeLive)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + FakeSecrets.AzureKey + ";EndpointSuffix=core.windows.net",
        SecretKinds.AzureStorageKey, FakeSecrets.AzureKey)]
    [InlineData("Authorization: Bearer " + FakeSecrets.Jwt, SecretKinds.Jwt, FakeSecrets.Jwt)]
    public void DetectText_KnownFormat_ReportsItsKindAndExactSpan(string text, string kind, string secret)
    {
        var signal = Assert.Single(Detect(text));

        Assert.Equal(DetectorNames.Secret, signal.Detector);
        Assert.Equal(kind, signal.Kind);
        Assert.Equal(TextFields.Prompt, signal.Field);
        Assert.Equal(text.IndexOf(secret, StringComparison.Ordinal), signal.Start);
        Assert.Equal(secret.Length, signal.Length);
        Assert.InRange(signal.Confidence, 0.95, 1.0);
        AssertMasked(secret, signal.Evidence);
    }

    [Fact]
    public void DetectText_AwsKeyAtKnownOffset_HasThatOffset()
    {
        var signal = Assert.Single(Detect("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"));

        Assert.Equal(SecretKinds.AwsAccessKeyId, signal.Kind);
        Assert.Equal(20, signal.Start);
        Assert.Equal(20, signal.Length);
        Assert.Equal("AKIA************MPLE", signal.Evidence);
    }

    [Fact]
    public void DetectText_PrivateKeyBlock_CoversTheBlockButShowsOnlyTheHeader()
    {
        const string Block = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfakefakefake\nZm9vYmFy\n-----END RSA PRIVATE KEY-----";
        var text = "Here is my key:\n" + Block + "\nwhy does ssh reject it?";

        var signal = Assert.Single(Detect(text));

        Assert.Equal(SecretKinds.PrivateKey, signal.Kind);
        Assert.Equal(16, signal.Start);
        Assert.Equal(Block.Length, signal.Length);
        Assert.Equal("-----BEGIN RSA PRIVATE KEY-----", signal.Evidence);
    }

    [Theory]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk", "-----BEGIN OPENSSH PRIVATE KEY-----")]
    [InlineData("{\"key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n\"}", "-----BEGIN PRIVATE KEY-----")]
    [InlineData("-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF", "-----BEGIN PGP PRIVATE KEY BLOCK-----")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\r\nMHcCAQEEIBfakefakefakefake", "-----BEGIN EC PRIVATE KEY-----")]
    public void DetectText_PrivateKeyHeaders_AreFound(string text, string header)
    {
        var signal = Assert.Single(Detect(text));

        Assert.Equal(SecretKinds.PrivateKey, signal.Kind);
        Assert.Equal(header, signal.Evidence);
        Assert.Equal(text.IndexOf(header, StringComparison.Ordinal), signal.Start);
    }

    [Fact]
    public void DetectText_ServiceAccountFile_IsOneFindingNotAlsoAPrivateKey()
    {
        var signal = Assert.Single(Detect("Deploy fails with this credentials file: " + FakeSecrets.ServiceAccountJson + " — any idea?"));

        Assert.Equal(SecretKinds.GcpServiceAccount, signal.Kind);
        Assert.Equal(41, signal.Start);
        Assert.Equal(FakeSecrets.ServiceAccountJson.Length, signal.Length);
        Assert.Equal("service_account private_key_id=0123" + new string('*', 32) + "cdef", signal.Evidence);
        Assert.DoesNotContain("MIIEv", signal.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectText_EscapedServiceAccountInToolArguments_IsFound()
    {
        var escaped = FakeSecrets.ServiceAccountJson.Replace("\\n", "\\\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

        var signal = Assert.Single(Detect("write_file({\"path\":\"sa.json\",\"content\":\"" + escaped + "\"})", TextFields.ToolCalls));

        Assert.Equal(SecretKinds.GcpServiceAccount, signal.Kind);
    }

    [Fact]
    public void DetectText_TokenInAnAssignment_IsReportedOnceAsItsFormat()
    {
        var text = "GITHUB_TOKEN=" + FakeSecrets.GithubClassic + "\nOPENAI_API_KEY=\"" + FakeSecrets.OpenAiProject + "\"";

        var signals = Detect(text);

        Assert.Equal([SecretKinds.GithubToken, SecretKinds.OpenAiApiKey], signals.Select(s => s.Kind));
        Assert.Equal(13, signals[0].Start);
    }

    [Theory]
    [InlineData(FakeSecrets.StripeTest, 0.5, 0.7)]
    [InlineData(FakeSecrets.StripePublishableTest, 0.3, 0.5)]
    [InlineData(FakeSecrets.StripeLive, 0.99, 1.0)]
    public void DetectText_StripeKeys_TestKeysHaveLowerConfidence(string key, double low, double high)
    {
        var signal = Assert.Single(Detect("STRIPE=" + key));

        Assert.Equal(SecretKinds.StripeKey, signal.Kind);
        Assert.InRange(signal.Confidence, low, high);
    }

    [Fact]
    public void Detect_ReadsToolCallsBesidesTheDefaultFields()
    {
        var conversation = TextScan.AsPrompt("deploy the app") with
        {
            ResponseToolCalls = [new ToolCall("call_1", "http_post", "{\"headers\":{\"X-Key\":\"" + FakeSecrets.StripeLive + "\"}}")],
        };
        var subject = new ScanSubject(conversation, ExchangeContext.None, new DetectorSet([new SecretDetector()]));

        var signal = Assert.Single(subject.Signals(DetectorNames.Secret));

        Assert.Equal(TextFields.ToolCalls, signal.Field);
        Assert.Equal(SecretKinds.StripeKey, signal.Kind);
        Assert.Equal(FakeSecrets.StripeLive, subject.Text(TextFields.ToolCalls).Substring(signal.Start, signal.Length));
    }

    internal static void AssertMasked(string secret, string? evidence)
    {
        Assert.NotNull(evidence);
        Assert.DoesNotContain(secret, evidence, StringComparison.Ordinal);
        Assert.Equal(secret.Length, evidence.Length);
        if (secret.Length >= 20)
        {
            Assert.Equal(secret[..4] + new string('*', secret.Length - 8) + secret[^4..], evidence);
        }
        else
        {
            Assert.Equal(new string('*', secret.Length), evidence);
        }
    }
}

/// <summary>
/// Fake credentials in valid formats (each marked FAKE or EXAMPLE). Prefixes are split so that secret scanners
/// on the repository do not mistake the test data for leaked keys.
/// </summary>
internal static class FakeSecrets
{
    public const string AwsAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string AwsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string GoogleApiKey = "AI" + "zaSyFAKEPtYgjmUhBel31iEl2hpChYgCfrL1s";
    public const string GithubClassic = "gh" + "p_FAKEIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7D";
    public const string GithubFineGrained = "github" + "_pat_11FAKExtpYlSXpfKtHF4vU_CsMehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rESQedUStPKR0CsTy4Qwb8";
    public const string GitlabToken = "gl" + "pat-FAKEDwkNhFdnXsiVpzz6";
    public const string SlackBot = "xo" + "xb-1234567890123-1234567890123-FAKE3FfkCzJr4i0B3JrTAwR4";
    public const string OpenAiProject = "sk" + "-proj-FAKEWDtkwtDDb-xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po-799Nks";
    public const string OpenAiLegacy = "sk" + "-FAKEgVvVqE1SkHbn88HxT3BlbkFJjSI6bWHtP3fS2qHx6kwX";
    public const string Anthropic = "sk" + "-ant-api03-FAKECQCyEZDz_TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nAA";
    public const string HuggingFace = "hf" + "_FAKEJdpmrcXgGCJbWeCuNGMGmSrCGIZEGp";
    public const string StripeLive = "sk" + "_live_FAKESH4487q7J58m1CiAhzCu";
    public const string StripeTest = "sk" + "_test_FAKEeQpBenQtYh5Xj8TPQxjq";
    public const string StripePublishableTest = "pk" + "_test_FAKEeQpBenQtYh5Xj8TPQxjq";
    public const string AzureKey = "r7CmY+uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt/PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy==";

    // The example token of jwt.io: {"alg":"HS256","typ":"JWT"}.{"sub":"1234567890","name":"John Doe","iat":1516239022}.
    public const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    public const string ServiceAccountJson = "{\"type\": \"service_account\", \"project_id\": \"fake-project\", "
        + "\"private_key_id\": \"0123456789abcdef0123456789abcdef0123cdef\", "
        + "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvFAKEFAKE\\n-----END PRIVATE KEY-----\\n\", "
        + "\"client_email\": \"ci@fake-project.iam.gserviceaccount.com\"}";
}
