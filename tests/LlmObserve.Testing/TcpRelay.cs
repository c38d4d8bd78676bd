using System.Net;
using System.Net.Sockets;

namespace LlmObserve.Testing;

/// <summary>
/// A loopback TCP relay in front of a server, on a port of its own that stays the same: a test
/// takes the server "down" for a client (new connections refused, open ones cut) and brings it back
/// without the client's configuration changing.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cancel = new();

    private TcpRelay(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public Uri Uri => new($"http://127.0.0.1:{Port}/");

    public static TcpRelay Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, target.Port), port);
        relay.Up();
        return relay;
    }

    /// <summary>Accepts and relays connections again.</summary>
    public void Up()
    {
        _cancel = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoop(_listener, _cancel.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public void Down()
    {
        _cancel.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        _cancel.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoop(TcpListener listener, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancel);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Relay(inbound, cancel);
        }
    }

    private async Task Relay(TcpClient inbound, CancellationToken cancel)
    {
        using var outbound = new TcpClient();
        lock (_open)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(_target, cancel);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), cancel);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), cancel);
            await Task.WhenAny(a, b);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // cut by Down(), or a side closed
        }
        finally
        {
            inbound.Dispose();
        }
    }
}
