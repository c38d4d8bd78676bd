using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Which server certificates a destination's TLS accepts: those the system trusts, and also those
/// that chain to the destination's own CA (<see cref="Data.Entities.Destination.CaCertificate"/>).
/// </summary>
/// <remarks>
/// The extra CA is added to the system roots rather than replacing them, so a destination can move
/// from a private CA to a public one (or the reverse) without a window in which it is refused. The
/// host name is always checked. Chains to the extra CA are built without revocation checks:
/// private CAs seldom publish a CRL or OCSP responder reachable from the worker.
/// </remarks>
public sealed class DestinationTrust
{
    public const int MaxPemLength = 64 * 1024;

    private readonly X509Certificate2Collection _roots;

    private DestinationTrust(X509Certificate2Collection roots) => _roots = roots;

    /// <summary>Parses a PEM bundle of one or more certificates; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string pem, [NotNullWhen(true)] out DestinationTrust? trust, [NotNullWhen(false)] out string? error)
    {
        trust = null;
        error = null;
        if (pem.Length > MaxPemLength)
        {
            error = $"caCertificate must be at most {MaxPemLength} characters.";
            return false;
        }

        // PEM is text lines; PostgreSQL cannot store NUL.
        var control = Array.FindIndex(pem.ToCharArray(), c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
        if (control >= 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"caCertificate must not contain control characters other than line breaks and tabs (U+{(int)pem[control]:X4} at position {control}).");
            return false;
        }

        if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            error = "caCertificate holds a private key; send only the CA's certificate (-----BEGIN CERTIFICATE-----).";
            return false;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            error = $"caCertificate is not a valid PEM certificate: {e.Message}";
            return false;
        }

        if (roots.Count == 0)
        {
            error = "caCertificate holds no PEM certificate (-----BEGIN CERTIFICATE-----).";
            return false;
        }

        trust = new DestinationTrust(roots);
        return true;
    }

    /// <summary>The trust of a destination: the system's alone when it has no CA of its own.</summary>
    /// <exception cref="ArgumentException">The stored PEM is not valid (the API refuses such input).</exception>
    public static DestinationTrust? For(string? caCertificate) =>
        string.IsNullOrWhiteSpace(caCertificate) ? null
        : TryParse(caCertificate, out var trust, out var error) ? trust
        : throw new ArgumentException(error, nameof(caCertificate));

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A wrong name or a missing certificate is never rescued by the extra CA.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
    }

    /// <summary>Client options for <paramref name="host"/>, with this trust when there is one.</summary>
    public static SslClientAuthenticationOptions ClientOptions(string host, DestinationTrust? trust) => new()
    {
        TargetHost = host,
        RemoteCertificateValidationCallback = trust is null ? null : trust.Validate,
    };
}
