using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class SecretAssignmentTests
{
    [Theory]
    [InlineData("db:\n  host: localhost\n  password: Tr0ub4dor&3x\n", "Tr0ub4dor&3x")]
    [InlineData("{\"user\": \"admin\", \"password\": \"correct horse battery staple\"}", "correct horse battery staple")]
    [InlineData("spring.datasource.password=S3cr3t-Pa55", "S3cr3t-Pa55")]
    [InlineData("DB_PASS='hunter2hunter2'", "hunter2hunter2")]
    [InlineData("login({\\\"username\\\": \\\"bob\\\", \\\"password\\\": \\\"Winter2024!\\\"})", "Winter2024!")]
    [InlineData("$conn = ['passwd' => 'pa$$w0rd!x'];", "pa$$w0rd!x")]
    public void DetectText_PasswordAssignment_IsFoundWithItsValueSpan(string text, string password)
    {
        var signal = Assert.Single(SecretDetectorTests.Detect(text));

        Assert.Equal(SecretKinds.PasswordAssignment, signal.Kind);
        Assert.Equal(text.IndexOf(password, StringComparison.Ordinal), signal.Start);
        Assert.Equal(password.Length, signal.Length);
        SecretDetectorTests.AssertMasked(password, signal.Evidence);
    }

    [Theory]
    [InlineData("password: string")]
    [InlineData("password = os.environ['DB_PASSWORD']")]
    [InlineData("password = getpass()")]
    [InlineData("password=${DB_PASSWORD}")]
    [InlineData("\"password\": \"********\"")]
    [InlineData("password: <your password here>")]
    [InlineData("\"password\": \"your_password\"")]
    [InlineData("password = request.form.password")]
    [InlineData("\"password\": \"\"")]
    [InlineData("password: abc")]
    [InlineData("Reset your password: click the link below.")]
    [InlineData("password_reset_url: https://example.com/reset?token=abc")]
    [InlineData("\"PWD\": \"/home/nodeuser/project\", \"OLDPWD\": \"/home/nodeuser/src\"")]
    [InlineData("%sudo ALL=(root) NOPASSWD: /bin/systemctl restart nginx")]
    [InlineData("CheckPass := Err_NoErr; ResultPass = EncPass")]
    [InlineData("openssl pkcs12 -passout pass:sample")]
    [InlineData(":type passphrase: :py:data:`bytes`")]
    [InlineData("{'test:pass': '\\u2714 ', 'test:fail': '\\u2716 '}")]
    [InlineData("com.sun.management.jmxremote.password.toHashes = true|false")]
    [InlineData("self.password = settings.DATABASE_PASSWORD")]
    [InlineData("password: \u0001\u0002binary\u0003data")]
    public void DetectText_PasswordPlaceholdersAndCode_AreNotPasswords(string text) => Assert.Empty(SecretDetectorTests.Detect(text));

    [Theory]
    [InlineData("aws_secret_access_key = " + FakeSecrets.AwsSecretAccessKey)]
    [InlineData("AWS_SECRET_ACCESS_KEY=\"" + FakeSecrets.AwsSecretAccessKey + "\"")]
    [InlineData("{\"aws_secret\": \"" + FakeSecrets.AwsSecretAccessKey + "\"}")]
    public void DetectText_AwsSecretNextToItsLabel_IsFound(string text)
    {
        var signal = Assert.Single(SecretDetectorTests.Detect(text));

        Assert.Equal(SecretKinds.AwsSecretAccessKey, signal.Kind);
        Assert.Equal(text.IndexOf(FakeSecrets.AwsSecretAccessKey, StringComparison.Ordinal), signal.Start);
        Assert.Equal(40, signal.Length);
        Assert.Equal("wJal********************************EKEY", signal.Evidence);
    }

    [Fact]
    public void DetectText_AwsCredentialsCsv_ReportsKeyIdAndSecret()
    {
        const string Csv = "Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE," + FakeSecrets.AwsSecretAccessKey + "\n";

        var signals = SecretDetectorTests.Detect(Csv);

        Assert.Equal([SecretKinds.AwsAccessKeyId, SecretKinds.AwsSecretAccessKey], signals.Select(s => s.Kind));
        Assert.Equal(Csv.IndexOf(FakeSecrets.AwsSecretAccessKey, StringComparison.Ordinal), signals[1].Start);
        Assert.Equal(40, signals[1].Length);
    }

    [Fact]
    public void DetectText_AwsSecretShapeWithoutLabel_IsNotFound() =>
        Assert.Empty(SecretDetectorTests.Detect("the value wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY appears in the AWS docs"));

    [Theory]
    [InlineData("api_key: GEp7CgQ0PBQFI14zGtSnovm14TUOizwd", "GEp7CgQ0PBQFI14zGtSnovm14TUOizwd")]
    [InlineData("{\"client_secret\": \"4028d512c9791e558e08baa7196b50ac2f867028\"}", "4028d512c9791e558e08baa7196b50ac2f867028")]
    [InlineData("curl -H 'Authorization: Bearer Zx8Qw3Lr5Tn7Vb2Mk9Pj4Hs6' https://api.example.com", "Zx8Qw3Lr5Tn7Vb2Mk9Pj4Hs6")]
    [InlineData("https://api.example.com/v1/data?access_token=Zx8Qw3Lr5Tn7Vb2Mk9Pj4Hs6&page=2", "Zx8Qw3Lr5Tn7Vb2Mk9Pj4Hs6")]
    [InlineData("SENDGRID_CREDENTIAL=SG.Zx8Qw3Lr5Tn7Vb2Mk9Pj4H.s6Ab1Cd2Ef3Gh4", "SG.Zx8Qw3Lr5Tn7Vb2Mk9Pj4H.s6Ab1Cd2Ef3Gh4")]
    public void DetectText_RandomValueNextToKeyLabel_IsHighEntropy(string text, string secret)
    {
        var signal = Assert.Single(SecretDetectorTests.Detect(text));

        Assert.Equal(SecretKinds.HighEntropy, signal.Kind);
        Assert.Equal(text.IndexOf(secret, StringComparison.Ordinal), signal.Start);
        Assert.Equal(secret.Length, signal.Length);
        Assert.InRange(signal.Confidence, 0.5, 0.9);
        SecretDetectorTests.AssertMasked(secret, signal.Evidence);
    }

    [Fact]
    public void IsRandomLooking_SeededRandomTokens_AlmostAllPass()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(1234);
        var passed = 0;
        for (var n = 0; n < 1000; n++)
        {
            var token = new string([.. Enumerable.Range(0, 24).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            passed += SecretDetector.IsRandomLooking(token) ? 1 : 0;
        }

        // Tokens without a digit or without a letter are excluded by design (about 2% at this length).
        Assert.InRange(passed, 960, 1000);
    }

    [Theory]
    [InlineData("aaaaaaaa", 0.0)]
    [InlineData("abababab", 1.0)]
    [InlineData("abcdefgh", 3.0)]
    [InlineData("", 0.0)]
    public void EntropyBitsPerChar_KnownStrings(string token, double bits) => Assert.Equal(bits, Entropy.BitsPerChar(token), 9);

    [Theory]
    [InlineData("my_database_password_1")]
    [InlineData("version2_release_candidate")]
    [InlineData("AAAAAAAAAABBBBBBBBBB12")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("abcdefghijklmnopqrst")] // no digit
    [InlineData("12345678901234567890")] // no letter
    [InlineData("Zx8Qw3Lr5Tn7Vb2Mk9P")] // 19 characters
    public void IsRandomLooking_IdentifiersAndShortValues_Fail(string value) => Assert.False(SecretDetector.IsRandomLooking(value));
}
