using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmObserve.MockProvider;

namespace LlmObserve.Benchmarks;

/// <summary>
/// The collector as a child process for the capture benchmark, shipping to <see cref="DiscardingIngest"/>
/// with its own state directory. What it logs on stderr, and its drop reports, are echoed to stderr.
/// Dispose kills it and removes the state directory.
/// </summary>
internal sealed class CollectorRun : IDisposable
{
    private readonly Process _process;
    private readonly string _stateDirectory;

    private CollectorRun(Process process, string stateDirectory)
    {
        _process = process;
        _stateDirectory = stateDirectory;
    }

    public static async Task<CollectorRun> StartAsync(MockProviderServer mock, DiscardingIngest ingest, CancellationToken cancellationToken)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("llmo-bench-collector-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["exec", "--runtimeconfig", RuntimeConfig(stateDirectory),
            "--depsfile", Path.Combine(AppContext.BaseDirectory, "LlmObserve.Benchmarks.deps.json"), Path.Combine(AppContext.BaseDirectory, "llmobserve-collector.dll"), "run", "--ingest-url", ingest.Url.ToString(),
            "--enrollment-token", "llmo_enroll_benchmark", "--node-name", "benchmark-" + Environment.MachineName, "--state-dir", stateDirectory,
            "--provider-host", $"127.0.0.1:{mock.OpenAiHttpsPort}=openai"])
        {
            info.ArgumentList.Add(arg);
        }

        var run = new CollectorRun(Process.Start(info)!, stateDirectory);
        run._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("collector: " + e.Data); };
        run._process.BeginErrorReadLine();
        try
        {
            await run.WaitForCaptureAsync(cancellationToken);
        }
        catch
        {
            run.Dispose();
            throw;
        }

        return run;
    }

    /// <summary>
    /// The collector's own runtime settings (its GC and thread-pool choices shape its CPU figures) plus the ASP.NET Core
    /// shared framework. This output folder is an ASP.NET Core app's, so the Microsoft.Extensions packages the collector
    /// uses come from that framework and are not copied next to it; the collector therefore runs with this folder's
    /// dependency manifest, which resolves them there. Written into <paramref name="directory"/>.
    /// </summary>
    private static string RuntimeConfig(string directory)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "llmobserve-collector.runtimeconfig.json")))!;
        var options = config["runtimeOptions"]!.AsObject();
        var core = options["framework"]!.DeepClone();
        options.Remove("framework");
        options["frameworks"] = new JsonArray(core, new JsonObject { ["name"] = "Microsoft.AspNetCore.App", ["version"] = core["version"]!.DeepClone() });
        var path = Path.Combine(directory, "llmobserve-collector.runtimeconfig.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>
    /// Collectors of other runs on this machine (deploy/local/up.sh starts one, the fault-injection suite others):
    /// their uprobes fire on the benchmark's requests too, with and without ours attached.
    /// </summary>
    public static int CountOthers() => Directory.EnumerateDirectories("/proc")
        .Where(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out _))
        .Count(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains("llmobserve-collector", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false; // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    /// <summary>utime + stime of the process from /proc/&lt;pid&gt;/stat (clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public long PeakRss()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Stops the process (SIGSTOP): its probes stay attached, so only the kernel side runs.</summary>
    public void Pause()
    {
        using var kill = Process.Start("kill", ["-STOP", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -STOP {_process.Id} exited with {kill.ExitCode}");
        }
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private async Task WaitForCaptureAsync(CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains("Capture started", StringComparison.Ordinal))
            {
                _ = EchoDropReportsAsync(cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException("The collector exited before it started capturing (run the benchmark as root).");
    }

    /// <summary>Keeps draining stdout; the drop reports are echoed, so a loss during the run is visible.</summary>
    private async Task EchoDropReportsAsync(CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains("Dropped since the last report", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("collector: " + line.Trim());
            }
        }
    }
}
