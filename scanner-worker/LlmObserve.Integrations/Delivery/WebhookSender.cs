using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using LlmObserve.Data.Findings;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// POSTs each finding, signed (<see cref="WebhookSignature"/>), to a webhook URL. A 2xx answer is
/// delivery; any other status, a network error or the timeout is a failure. Redirects are not
/// followed: a signed request must reach the URL the tenant configured and no other.
/// </summary>
/// <remarks>
/// Owns one <see cref="SocketsHttpHandler"/> for its destination's life, so connections are reused
/// and the destination's own CA applies to this destination only. Every new connection goes
/// through <see cref="DestinationNetworks.ConnectAsync"/>, which checks the addresses the host
/// resolves to at that moment. No proxy is used: through one, the check would see the proxy's
/// address and not the destination's.
/// </remarks>
public sealed class WebhookSender : IDestinationSender
{
    private static readonly ProductInfoHeaderValue UserAgent = new("LlmObserve", ProductVersion());

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly string _secret;
    private readonly IFindingFormatter _formatter;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    public WebhookSender(DestinationAddress address, string signingSecret, IFindingFormatter formatter, DestinationTrust? trust, TimeSpan timeout, TimeProvider clock, DestinationNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(networks);
        _url = address.Uri;
        _secret = signingSecret;
        _formatter = formatter;
        _timeout = timeout;
        _clock = clock;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = timeout,
            // Picks up DNS changes of the receiver.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = trust is null ? null : trust.Validate },
            ConnectCallback = async (context, cancellationToken) =>
                new NetworkStream(await networks.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true),
        };
        _client = new HttpClient(handler) { Timeout = timeout };
    }

    public string Payload(FindingEvent finding) => _formatter.Write(finding);

    public async Task SendAsync(Guid findingId, string payload, CancellationToken cancellationToken)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new StringContent(payload, Encoding.UTF8, _formatter.ContentType),
        };
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(_secret, timestamp, payload));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.DeliveryHeader, findingId.ToString());

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new DeliveryFailedException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {_url.GetLeftPart(UriPartial.Path)}");
            }
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryFailedException($"{_url.GetLeftPart(UriPartial.Path)}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"{_url.GetLeftPart(UriPartial.Path)}: no answer within {_timeout.TotalSeconds:0.###} s", e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string ProductVersion()
    {
        var version = typeof(WebhookSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var build = version.IndexOf('+', StringComparison.Ordinal);
        return build < 0 ? version : version[..build];
    }
}
