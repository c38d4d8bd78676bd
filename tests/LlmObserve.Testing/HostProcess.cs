using System.Diagnostics;
using System.Text;

namespace LlmObserve.Testing;

/// <summary>
/// One of our hosts (LlmObserve.IngestApi, LlmObserve.ScannerWorker) run as a real child process
/// from the test's output directory, so a test can SIGKILL it or run its command line.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string host, params IEnumerable<string> args) => Start(host, new Dictionary<string, string>(StringComparer.Ordinal), args);

    public static HostProcess Start(string host, IReadOnlyDictionary<string, string> environment, params IEnumerable<string> args) =>
        StartThrough([], host, environment, args);

    /// <summary>
    /// Starts the host through a launcher that ends by exec-ing its arguments, e.g.
    /// <c>nsenter --net=/run/netns/x --</c>, so the process keeps the launcher's pid.
    /// </summary>
    public static HostProcess StartThrough(IReadOnlyList<string> launcher, string host, IReadOnlyDictionary<string, string> environment, params IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // a pipe of its own, left open: not the test runner's stdin, through which xunit v3 talks to its test process
            UseShellExecute = false,
        };
        foreach (var part in launcher.Skip(1).Append(launcher.Count > 0 ? "dotnet" : null).OfType<string>())
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, host + ".dll"));
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new HostProcess(Process.Start(info)!);
    }

    /// <summary>Runs a command to its end; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string host, IReadOnlyDictionary<string, string> environment, params IEnumerable<string> args)
    {
        await using var process = Start(host, environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit(); // drains the output streams
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>The process id (for sampling its memory and CPU in /proc).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown, no flushing, no acknowledgements.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
