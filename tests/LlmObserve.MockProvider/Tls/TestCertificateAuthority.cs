using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LlmObserve.MockProvider.Tls;

/// <summary>
/// A throw-away CA made at start, and a server certificate it signed for <c>localhost</c> and
/// 127.0.0.1. Clients trust exactly this CA: curl, Python and Node through the PEM file,
/// .NET through <see cref="ValidateServerCertificate"/>; nothing is added to the machine's store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private TestCertificateAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate)
    {
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The CA, public part only.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The leaf Kestrel serves, with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public string CaCertificatePem => CaCertificate.ExportCertificatePem();

    public static TestCertificateAuthority Create()
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=LlmObserve Mock Provider Test CA, O=LlmObserve Tests", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var caSubjectKeyId = new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false);
        caRequest.CertificateExtensions.Add(caSubjectKeyId);
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build(critical: false));
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, critical: false));
        // OpenSSL's strict verification (Python 3.13's default) wants the authority key id.
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(caSubjectKeyId));

        using var signed = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // An ephemeral key cannot be used by SslStream on Linux; a PFX round trip makes it a
        // normal exportable key.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null, X509KeyStorageFlags.Exportable);
        return new TestCertificateAuthority(X509CertificateLoader.LoadCertificate(ca.RawData), server);
    }

    /// <summary>Writes the CA as PEM (for curl --cacert, Python cafile, NODE_EXTRA_CA_CERTS).</summary>
    public void WriteCaPem(string path) => File.WriteAllText(path, CaCertificatePem);

    /// <summary>
    /// A <see cref="RemoteCertificateValidationCallback"/> that accepts a certificate chaining to
    /// this CA alone (not the machine's roots), with a matching host name.
    /// </summary>
    public bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _ = sender;
        _ = chain;
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var ours = new X509Chain();
        ours.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ours.ChainPolicy.CustomTrustStore.Add(CaCertificate);
        ours.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ours.Build(leaf);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
