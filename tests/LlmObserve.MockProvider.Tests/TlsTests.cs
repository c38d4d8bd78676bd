using System.Net.Http.Json;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace LlmObserve.MockProvider.Tests;

/// <summary>The mock's TLS is real: clients must trust the test CA, and only it.</summary>
public sealed class TlsTests(MockProviderFixture mock)
{
    [Fact]
    public void CaPemFile_IsTheCaThatSignedTheServerCertificate()
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(mock.Server.CaCertificatePemPath));
        var server = mock.Server.CertificateAuthority.ServerCertificate;

        Assert.Equal(ca.SubjectName.Name, server.IssuerName.Name);
        Assert.True(server.HasPrivateKey);
        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, names.EnumerateIPAddresses());
    }

    [Fact]
    public async Task DefaultHttpClient_WithoutTheTestCa_RejectsTheServer()
    {
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            http.GetAsync(new Uri(mock.Server.BaseUri(MockApi.OpenAiChat), "/static/page.html"), TestContext.Current.CancellationToken));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task MockHandler_TrustsTheTestCa_OnBothHttpsPorts()
    {
        foreach (var api in new[] { MockApi.OpenAiChat, MockApi.AnthropicMessages })
        {
            using var http = mock.Server.CreateHttpClient(api);

            using var response = await http.PostAsJsonAsync("/api/orders", new { sku = "A-1", quantity = 2 }, TestContext.Current.CancellationToken);

            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(new Version(1, 1), response.Version);
        }
    }
}
