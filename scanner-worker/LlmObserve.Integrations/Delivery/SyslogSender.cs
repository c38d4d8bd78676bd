using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using LlmObserve.Data.Findings;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Sends findings as RFC 5424 messages (<see cref="SyslogMessage"/>) over TCP (RFC 6587) or TLS
/// (RFC 5425), octet-counted: <c>"&lt;length&gt; &lt;message&gt;"</c>, the length in bytes. One
/// connection is kept open and replaced after any failure.
/// </summary>
/// <remarks>
/// Syslog has no acknowledgement: a message counts as delivered once the socket accepted it. To
/// notice a server that closed the connection before the next write (and not lose that write into
/// a dead socket), the sender reads the connection in the background: a syslog server never sends
/// anything, so end of stream or an error there means the connection is gone.
/// Connections are made by <see cref="DestinationNetworks.ConnectAsync"/>, which checks the
/// addresses the host resolves to before connecting.
/// Not thread-safe: one delivery loop at a time (<see cref="IDestinationSender"/>).
/// </remarks>
public sealed class SyslogSender(DestinationAddress address, IFindingFormatter formatter, DestinationTrust? trust, TimeSpan timeout, DestinationNetworks networks)
    : IDestinationSender
{
    private Socket? _socket;
    private Stream? _stream;
    private Task? _closed;

    public string Payload(FindingEvent finding) => SyslogMessage.Format(finding, formatter.Write(finding));

    public async Task SendAsync(Guid findingId, string payload, CancellationToken cancellationToken)
    {
        var message = Encoding.UTF8.GetBytes(payload);
        var prefix = Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " ");
        var frame = new byte[prefix.Length + message.Length];
        prefix.CopyTo(frame, 0);
        message.CopyTo(frame, prefix.Length);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var stream = await ConnectedAsync(timeoutSource.Token);
            await stream.WriteAsync(frame, timeoutSource.Token);
            await stream.FlushAsync(timeoutSource.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException or DeliveryFailedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await CloseAsync();
            var reason = e is OperationCanceledException
                ? string.Create(CultureInfo.InvariantCulture, $"no progress within {timeout.TotalSeconds:0.###} s")
                : e.Message;
            throw new DeliveryFailedException($"{address.Uri.Scheme}://{address.Host}:{address.Port}: {reason}", e);
        }
        catch
        {
            await CloseAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task<Stream> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null && _closed is { IsCompleted: false })
        {
            return _stream;
        }

        await CloseAsync();
        var socket = await networks.ConnectAsync(address.Host, address.Port, cancellationToken);
        _socket = socket;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (address.UsesTls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            _stream = tls;
            await tls.AuthenticateAsClientAsync(DestinationTrust.ClientOptions(address.Host, trust), cancellationToken);
        }

        _stream = stream;
        _closed = WatchAsync(stream);
        return stream;
    }

    /// <summary>Completes when the server closes the connection or it fails; what it reads is discarded.</summary>
    private static async Task WatchAsync(Stream stream)
    {
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The connection is gone either way; the next send reconnects.
        }
    }

    private async Task CloseAsync()
    {
        var stream = _stream;
        var socket = _socket;
        var closed = _closed;
        _stream = null;
        _socket = null;
        _closed = null;
        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        socket?.Dispose();
        if (closed is not null)
        {
            await closed;
        }
    }
}
