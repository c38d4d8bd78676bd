using System.Security.Cryptography.X509Certificates;
using LlmObserve.Data.Entities;
using LlmObserve.Integrations.Delivery;
using Microsoft.Extensions.DependencyInjection;
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
    [InlineData(DestinationKinds.Webhook, "https://siem.example.com/x\0", "url must not contain control characters (U+0000 at position 26)")]
    [InlineData(DestinationKinds.Webhook, "https://siem.example.com/\r\nX-Injected: 1", "control characters (U+000D")]
    [InlineData(DestinationKinds.Syslog, "tcp://siem\u0085:514", "control characters (U+0085")]
    public void TryParse_InvalidUrls_SayWhatIsWrong(string kind, string url, string says)
    {
        Assert.False(DestinationAddress.TryParse(kind, url, out _, out var error));
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DestinationKinds.Webhook, "HTTPS://Siem.Example.COM:443/hooks/a b?token=x", "https://siem.example.com/hooks/a%20b?token=x")]
    [InlineData(DestinationKinds.Webhook, "http://siem.example.com:8080", "http://siem.example.com:8080/")]
    [InlineData(DestinationKinds.Syslog, "TCP://Syslog.Example.COM:514", "tcp://syslog.example.com:514")]
    [InlineData(DestinationKinds.Syslog, "tls://[::1]:6514/", "tls://[::1]:6514")]
    public void Normalized_IsTheCanonicalForm(string kind, string url, string normalized)
    {
        Assert.True(DestinationAddress.TryParse(kind, url, out var address, out var error), error);
        Assert.Equal(normalized, address.Normalized);
    }

    [Theory]
    [InlineData("https://hooks.example.com/services/T1?token=s3cret&x=1", "https://hooks.example.com/services/T1?…")]
    [InlineData("https://hooks.example.com/services/T1", "https://hooks.example.com/services/T1")]
    [InlineData("tcp://syslog.example.com:514", "tcp://syslog.example.com:514")]
    public void Redacted_HidesTheQueryOnly(string url, string shown)
    {
        Assert.Equal(shown, DestinationAddress.Redacted(url));
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
        Assert.False(DestinationTrust.TryParse(certificates.CaPem + "\0", out _, out var nul));
        Assert.Contains("caCertificate must not contain control characters", nul, StringComparison.Ordinal);
        Assert.True(DestinationTrust.TryParse(certificates.CaPem.ReplaceLineEndings("\r\n"), out _, out _)); // line breaks are PEM's own
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
    [InlineData("Delivery:AllowedNetworks:0", "10.0.0.0/33", "Delivery:AllowedNetworks:0: '10.0.0.0/33' is not a network in CIDR notation")]
    [InlineData("Delivery:AllowedNetworks", "10.0.0.0/8,siem.internal", "Delivery:AllowedNetworks: 'siem.internal' is not a network in CIDR notation")]
    public async Task HostStart_BadDeliverySettings_FailsNamingTheKey(string key, string value, string says)
    {
        // Validation fails before anything connects: no database needed.
        using var host = DeliveryWorker.Build("Host=127.0.0.1;Port=1", new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedNetworks_ListAndCommaSeparatedValue_BothRead()
    {
        using var host = DeliveryWorker.Build("Host=127.0.0.1;Port=1", new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Delivery:AllowedNetworks"] = " 10.20.0.0/16, fd00::/8 ",
        });

        var options = host.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value;

        Assert.Equal(["127.0.0.0/8", "::1/128", "10.20.0.0/16", "fd00::/8"], options.AllowedNetworks.Select(n => n.ToString()));
        Assert.Null(options.Networks().Refusal(System.Net.IPAddress.Parse("10.20.1.2")));
        Assert.NotNull(options.Networks().Refusal(System.Net.IPAddress.Parse("10.21.1.2")));
    }
}
