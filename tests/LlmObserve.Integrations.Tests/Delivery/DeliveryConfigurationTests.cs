using System.Security.Cryptography.X509Certificates;
using LlmObserve.Data.Entities;
using LlmObserve.Integrations.Delivery;
using Microsoft.Extensions.Options;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>What is refused before anything is sent: bad addresses, bad CA certificates, bad settings.</summary>
public sealed class DeliveryConfigurationTests
{
    [Theory]
    [InlineData(DestinationKinds.Webhook, "https://siem.example.com/hooks/llm")]
    [InlineData(DestinationKinds.Webhook, "http://10.0.0.5:8080/x?token=abc")]
    [InlineData(DestinationKinds.Syslog, "tcp://syslog.example.com:514")]
    [InlineData(DestinationKinds.Syslog, "tls://[::1]:6514")]
    public void TryParse_ValidUrls_Accepted(string kind, string url)
    {
        Assert.True(DestinationAddress.TryParse(kind, url, out var address, out var error), error);
        Assert.Equal(url.StartsWith("tls", StringComparison.Ordinal) || url.StartsWith("https", StringComparison.Ordinal), address.UsesTls);
    }

    [Theory]
    [InlineData(DestinationKinds.Webhook, "tcp://siem:514", "http:// or https://")]
    [InlineData(DestinationKinds.Webhook, "https://user:pw@siem/x", "credentials")]
    [InlineData(DestinationKinds.Webhook, "/relative", "absolute")]
    [InlineData(DestinationKinds.Webhook, "", "required")]
    [InlineData(DestinationKinds.Syslog, "https://siem:514", "tcp://host:port")]
    [InlineData(DestinationKinds.Syslog, "tcp://siem", "port")]
    [InlineData(DestinationKinds.Syslog, "tls://siem:6514/path", "no path")]
    [InlineData("email", "https://siem", "kind")]
    public void TryParse_InvalidUrls_SayWhatIsWrong(string kind, string url, string says)
    {
        Assert.False(DestinationAddress.TryParse(kind, url, out _, out var error));
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustTryParse_CertificateOrNot_AcceptsOnlyCertificates()
    {
        using var certificates = TestCertificates.Create();

        Assert.True(DestinationTrust.TryParse(certificates.CaPem, out _, out _));
        Assert.False(DestinationTrust.TryParse("not a certificate", out _, out var none));
        Assert.Contains("no PEM certificate", none, StringComparison.Ordinal);
        Assert.False(DestinationTrust.TryParse(certificates.CaPem + certificates.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), out _, out var key));
        Assert.Contains("private key", key, StringComparison.Ordinal);
    }

    [Fact]
    public void BackoffAfter_Doubles_UpToTheCap()
    {
        var options = new DeliveryOptions();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 8).Select(a => options.BackoffAfter(a).TotalSeconds));
    }

    [Theory]
    [InlineData("Delivery:MaxAttempts", "0", "Delivery:MaxAttempts")]
    [InlineData("Delivery:PollInterval", "soon", "Delivery:PollInterval: 'soon' is not a valid time span")]
    [InlineData("Delivery:InitialBackoff", "00:02:00", "Delivery:MaxBackoff")]
    public async Task HostStart_BadDeliverySettings_FailsNamingTheKey(string key, string value, string says)
    {
        // Validation fails before anything connects: no database needed.
        using var host = DeliveryWorker.Build("Host=127.0.0.1;Port=1", new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }
}
