using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>
/// A syslog server on 127.0.0.1 (TCP, or TLS with the given certificate) that reads octet-counted
/// frames (<c>"&lt;length&gt; &lt;message&gt;"</c>, RFC 6587 §3.4.1 / RFC 5425) strictly: a
/// length that does not match the bytes that follow breaks the framing and is recorded as an error.
/// </summary>
internal sealed class SyslogListener : IAsyncDisposable
{
    private const int MaxFrame = 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _connections;
    private int _closed;

    private SyslogListener(X509Certificate2? certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Each message decoded as UTF-8, in the order received.</summary>
    public IReadOnlyList<string> Messages => [.. _messages];

    public IReadOnlyList<string> Errors => [.. _errors];

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections that ended (closed by either side).</summary>
    public int Closed => Volatile.Read(ref _closed);

    public static SyslogListener Start(X509Certificate2? certificate = null) => new(certificate);

    /// <summary>Closes every open connection from the server's side, as a restarting syslog server would.</summary>
    public void DropConnections()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _clients.Add(client);
            _ = ReadAsync(client);
        }
    }

    private async Task ReadAsync(TcpClient client)
    {
        try
        {
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                stream = tls;
            }

            while (await ReadFrameAsync(stream) is { } frame)
            {
                _messages.Enqueue(frame);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            if (!_stop.IsCancellationRequested && e is System.Security.Authentication.AuthenticationException)
            {
                _errors.Enqueue("TLS: " + e.Message);
            }
        }
        catch (InvalidDataException e)
        {
            _errors.Enqueue(e.Message);
        }
        finally
        {
            Interlocked.Increment(ref _closed);
            client.Dispose();
        }
    }

    /// <summary>One frame's message, or null at a clean end of stream (between frames).</summary>
    private async Task<string?> ReadFrameAsync(Stream stream)
    {
        var digits = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return digits.Length == 0 ? null : throw new InvalidDataException("Connection ended inside a frame's length.");
            }

            if (one[0] == (byte)' ')
            {
                break;
            }

            if (one[0] is < (byte)'0' or > (byte)'9' || (digits.Length == 0 && one[0] == (byte)'0') || digits.Length > 7)
            {
                throw new InvalidDataException($"Not an octet count: byte 0x{one[0]:x2} after '{digits}'.");
            }

            digits.Append((char)one[0]);
        }

        var length = int.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        if (length > MaxFrame)
        {
            throw new InvalidDataException($"Frame of {length} bytes.");
        }

        var message = new byte[length];
        try
        {
            await stream.ReadExactlyAsync(message, _stop.Token);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Connection ended inside a frame of {length} bytes.", e);
        }

        return Encoding.UTF8.GetString(message);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        await _accepting;
        _stop.Dispose();
    }
}
