using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LlmObserve.Deploy.Tests;

/// <summary>What /proc says about the processes a bare-node install starts.</summary>
internal static class InstallProcesses
{
    /// <summary>CAP_SYS_PTRACE (19), CAP_SYS_ADMIN (21), CAP_PERFMON (38) and CAP_BPF (39): the collector's set.</summary>
    public const ulong CollectorCapabilities = (1UL << 19) | (1UL << 21) | (1UL << 38) | (1UL << 39);

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>A field of /proc/&lt;pid&gt;/status (CapEff, NoNewPrivs …), or null when the process is gone.</summary>
    public static string? Status(int pid, string field)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2 && parts[0] == field)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static ulong EffectiveCapabilities(int pid) =>
        ulong.Parse(Status(pid, "CapEff") ?? throw new InvalidOperationException($"process {pid} is gone"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The processes whose parent is <paramref name="pid"/>.</summary>
    public static List<int> Children(int pid) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(child => Status(child, "PPid") == pid.ToString(CultureInfo.InvariantCulture)),
    ];
}

/// <summary>
/// A command left running in the background, as an operator runs the collector under a supervisor of
/// their own: its output is collected, and it is stopped with SIGTERM (then SIGKILL) when disposed.
/// </summary>
internal sealed class InstallRunningCommand : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private InstallRunningCommand(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

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

    /// <summary>Runs one shell command line with bash, exactly as written.</summary>
    public static InstallRunningCommand StartShell(string commandLine)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        return new InstallRunningCommand(Process.Start(info)!);
    }

    /// <summary>Waits until the output holds <paramref name="text"/>; fails with the output when the command exits or the time is up.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The command exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"No '{text}' within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGTERM, as a supervisor stops it; SIGKILL after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await InstallCommand.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
