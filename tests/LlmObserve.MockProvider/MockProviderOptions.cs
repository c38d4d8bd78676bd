using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LlmObserve.MockProvider;

public sealed record MockProviderOptions
{
    /// <summary>
    /// Pause after each streamed piece. The pause makes each piece a separate TLS record and,
    /// on the client side, a separate read, as with a real provider generating tokens.
    /// </summary>
    public TimeSpan StreamPieceDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Protocols of the HTTPS ports. HTTP/1.1 only by default, because curl would otherwise
    /// negotiate HTTP/2 through ALPN while the other clients speak HTTP/1.1.
    /// </summary>
    public HttpProtocols HttpsProtocols { get; init; } = HttpProtocols.Http1;

    /// <summary>Where the CA's PEM file is written; a fresh temporary directory when null (deleted on dispose).</summary>
    public string? CertificateDirectory { get; init; }
}
