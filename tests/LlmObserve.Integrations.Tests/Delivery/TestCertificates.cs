using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>A private CA made for one test, and a server certificate for 127.0.0.1 and localhost that it signed.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>With its private key, for the test server.</summary>
    public X509Certificate2 Server { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=LlmObserve Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = request.Create(ca, now.AddHours(-1), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // Through PKCS#12 so that the key is usable by the TLS stack, as a loaded certificate's would be.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new TestCertificates(ca, server);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
