using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// Runs a compose healthcheck command (<c>["CMD", "bash", "-c", script]</c>) on this machine against
/// a real HTTP listener that answers with a chosen status, the script's port 8080 replaced by the
/// listener's.
/// </summary>
internal static class DockerHealthCheck
{
    /// <summary>The check's exit code, and the request line the listener received (null when none came).</summary>
    public static async Task<(int ExitCode, string? RequestLine)> RunAgainstAsync(IReadOnlyList<string> test, int? status)
    {
        Assert.True(test is ["CMD", _, ..], $"A healthcheck in exec form (CMD …) was expected, not {string.Join(' ', test)}.");
        Assert.Contains("/8080", test[^1], StringComparison.Ordinal);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        if (status is null)
        {
            listener.Stop(); // nothing listens on the port: the check must fail, not hang
        }

        var server = status is { } code ? AnswerOnceAsync(listener, code) : Task.FromResult<string?>(null);
        var info = new ProcessStartInfo(test[1]) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in test.Skip(2).SkipLast(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add(test[^1].Replace("/8080", "/" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        await stderr;
        return (process.ExitCode, await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<string?> AnswerOnceAsync(TcpListener listener, int status)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var reason = status == 200 ? "OK" : "Service Unavailable";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")));
        return request.ToString().Split("\r\n")[0];
    }
}
