using System.Diagnostics;
using System.Globalization;

namespace LlmObserve.MockProvider.Clients;

/// <summary>What a finished client process left behind.</summary>
internal sealed record ProcessResult(int Pid, string StandardOutput, string StandardError);

/// <summary>Runs one client process to its end with a timeout; any failure becomes a <see cref="ClientFailedException"/> with its stderr.</summary>
internal static class ClientProcess
{
    // Proxies would route loopback calls away from the mock (curl honours these variables).
    private static readonly string[] ProxyVariables = ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"];

    public static async Task<ProcessResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in ProxyVariables)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            info.Environment[name] = value;
        }

        var commandLine = string.Join(' ', [executable, .. info.ArgumentList]);
        using var process = Process.Start(info) ?? throw new ClientFailedException($"Could not start {commandLine}");
        process.StandardInput.Close(); // no client reads stdin; a closed one cannot make it wait
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ClientFailedException(Describe($"timed out after {timeout.TotalSeconds:0} s", commandLine, await output, await error));
        }

        var result = new ProcessResult(process.Id, await output, await error);
        if (process.ExitCode != 0)
        {
            var exit = string.Create(CultureInfo.InvariantCulture, $"exited with code {process.ExitCode}");
            throw new ClientFailedException(Describe(exit, commandLine, result.StandardOutput, result.StandardError));
        }

        return result;
    }

    public static string Describe(string what, string commandLine, string stdout, string stderr) =>
        $"Client {what}: {commandLine}\n--- stderr ---\n{Tail(stderr)}\n--- stdout ---\n{Tail(stdout)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
