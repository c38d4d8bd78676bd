using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class SecretDetectorNegativeTests
{
    private const string PngDataUrl =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    [Theory]
    [InlineData("akiaiosfodnn7example")] // lower case
    [InlineData("AKIAIOSFODNN7EXAMPL")] // 19 characters
    [InlineData("XAKIAIOSFODNN7EXAMPLE")] // inside a longer token
    [InlineData("AKIAIOSFODNN7EXAMPLEX")]
    [InlineData("AKIA0000111188889999")] // 0, 1, 8, 9 are not base32
    [InlineData("This task-based, risk-free plan uses sk-learn and a desk-sk-mount.")]
    [InlineData("The sk-proj- prefix marks project keys; sk-ant- marks Anthropic keys.")]
    [InlineData("ghp_ tokens have 36 characters after the prefix, e.g. ghp_short123")]
    [InlineData("Use the hf_hub_download function and the xoxo-hugs sticker.")]
    [InlineData("Explain what an AWS access key id looks like and how to rotate a GitHub token.")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN CERTIFICATE-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----")] // a header alone leaks nothing
    [InlineData("_SK_START = b\"-----BEGIN OPENSSH PRIVATE KEY-----\"\n_SK_END = b\"-----END OPENSSH PRIVATE KEY-----\"")]
    [InlineData("How do I generate a private key with openssl genpkey?")]
    [InlineData("eyJhbGxvIjoid29ybGQifQ.eyJ4IjoxfQ.c2lnbmF0dXJl")] // three segments, but the header has no "alg"
    [InlineData("sk_live_ keys start like this; pk_test_abc is short")]
    [InlineData("{\"type\": \"service_account\", \"project_id\": \"demo\"}")] // no private key in the file
    public void DetectText_NearMisses_FindNothing(string text) => Assert.Empty(SecretDetectorTests.Detect(text));

    [Theory]
    [InlineData("The fix landed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8 yesterday.")]
    [InlineData("commit: 9fceb02d0ae598e95dc970b74767f19372d61af8")]
    [InlineData("sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("request_id: 550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("\"idempotency_key\": \"550e8400-e29b-41d4-a716-446655440000\"")]
    [InlineData("\"avatar\": \"" + PngDataUrl + "\"")]
    [InlineData("\"thumbnail_key\": \"" + PngDataUrl + "\"")]
    [InlineData("token: " + PngDataUrl)]
    [InlineData("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")]
    [InlineData("max_tokens: 4096, temperature: 0.2, key: value")]
    [InlineData("cache_key = user_profile_settings_2024")]
    [InlineData("\"api_key\": \"aaaaaaaaaaaaaaaaaaaaaaaa1\"")]
    [InlineData("public_key: MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4fakefakefake123")]
    [InlineData("const pubkey256 = 'SIXvRyDmBJSgatgTQRGbInBaAK+hZOQ18UmrSwnDlK8=';")]
    [InlineData("acompound.key1.loop=acompound.key1.loop+1")]
    [InlineData("keystore.pkcs12.keyProtectionAlgorithm = PBEWithHmacSHA256AndAES_256")]
    [InlineData("RegOpenKeyEx = win32api.RegOpenKeyEx")]
    [InlineData("exports2.TOKEN = exports2.STRICT_TOKEN2")]
    [InlineData("def load(self, private_key: ed25519.Ed25519PrivateKey2) -> None:")]
    [InlineData("var key: Tgnutls_x509_privkey_t;")]
    [InlineData("can_e_keyword_cant_be_a_macro=02028_E_Sleutelwoord herdefinieren")]
    [InlineData("\"Sec-WebSocket-Key\": \"k9kFAUWNAMmf5OEMfTlOEA==\"")]
    [InlineData("<add key=\"TestProjectRetargetTo35Allowed\" value=\"true\" />")]
    [InlineData("#password_encryption = scram-sha-256")]
    [InlineData("See https://example.com:8443/path?ref=main and 10:30, a == b, x != y, std::string.")]
    public void DetectText_HashesUuidsImagesAndIdentifiers_AreNotHighEntropySecrets(string text) =>
        Assert.Empty(SecretDetectorTests.Detect(text));

    [Fact]
    public void DetectText_OrdinaryEnglish_FindsNothing()
    {
        const string Prose = "Passwords should be long. The key point: tokens expire after an hour, and the secret to good "
            + "authentication is rotation. Author: Jane Doe. Note: the credential store (see section 4.2) keeps keys "
            + "encrypted; password = the one your admin gave you. Ratio 3:1, version 1.2.3-beta, price $19.99.";

        Assert.Empty(SecretDetectorTests.Detect(Prose));
    }

    [Fact]
    public void DetectText_RandomGarbage_DoesNotThrow()
    {
        var random = new Random(42);
        var chars = new char[1 << 20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0, 0x3000);
        }

        var signals = SecretDetectorTests.Detect(new string(chars));

        Assert.All(signals, s => Assert.InRange(s.Start + s.Length, 0, chars.Length));
    }

    [Theory]
    [InlineData("key=")]
    [InlineData("password=")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.")]
    [InlineData("\"type\": \"service_account\", \"private_key\": ")]
    [InlineData("sk-")]
    [InlineData("ghp_")]
    [InlineData(":")]
    public void DetectText_HugeRepetitiveInput_DoesNotThrowAndStaysInBounds(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, (1 << 20) / unit.Length));

        var signals = SecretDetectorTests.Detect(text);

        Assert.All(signals, s => Assert.True(s.Start >= 0 && s.Start + s.Length <= text.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-ant-")]
    [InlineData("-----BEGIN ")]
    [InlineData("AccountKey=")]
    [InlineData("password: \"")]
    [InlineData("\\\"")]
    public void DetectText_TruncatedInput_FindsNothing(string text) => Assert.Empty(SecretDetectorTests.Detect(text));

    [Fact]
    public void Detect_EmptyConversation_FindsNothing()
    {
        var subject = new ScanSubject(TextScan.AsPrompt(""), ExchangeContext.None, new DetectorSet([new SecretDetector()]));

        Assert.Empty(subject.Signals(DetectorNames.Secret));
    }
}
