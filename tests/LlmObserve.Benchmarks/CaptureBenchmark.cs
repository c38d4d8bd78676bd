using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;

namespace LlmObserve.Benchmarks;

/// <summary>
/// Capture overhead and collector footprint, in one run (the collector ships to <see cref="DiscardingIngest"/>):
/// a keep-alive HTTPS client's requests/s without and with the collector attached (target: at most
/// 5 % slower), then the collector's CPU (% of one core) and peak RSS at 200 exchanges/s
/// (targets: under 5 %, under 150 MB). The mock provider runs in this process, so its server side
/// pays the uprobes too: the overhead printed is an upper bound for a client talking to a remote provider.
/// </summary>
internal sealed class CaptureBenchmark(int seconds)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var mock = await MockProviderServer.StartAsync(cancellationToken: cancellationToken);
        await using var ingest = await DiscardingIngest.StartAsync();
        using var http = mock.CreateHttpClient(MockApi.OpenAiChat);
        await ClosedLoopAsync(http, 3, cancellationToken); // warm-up: JIT, TLS session, connection
        var without1 = await ClosedLoopAsync(http, seconds, cancellationToken);
        double with, without2, cpu;
        long peakRss;
        using (var collector = StartCollector(mock, ingest))
        {
            await WaitForCaptureAsync(collector, cancellationToken);
            await ClosedLoopAsync(http, 3, cancellationToken);
            with = await ClosedLoopAsync(http, seconds, cancellationToken);
            collector.Kill(entireProcessTree: true);
        }

        without2 = await ClosedLoopAsync(http, seconds, cancellationToken);

        // A fresh collector for the footprint, so its peak RSS is the one at 200 exchanges/s.
        using (var collector = StartCollector(mock, ingest))
        {
            await WaitForCaptureAsync(collector, cancellationToken);
            (cpu, peakRss) = await FootprintAt200PerSecondAsync(http, collector, seconds, cancellationToken);
            collector.Kill(entireProcessTree: true);
        }

        var without = (without1 + without2) / 2;
        var slower = (without - with) / without * 100;
        Console.WriteLine(FormattableString.Invariant($"keep-alive HTTPS client, {seconds} s each: without collector {without1:F0} and {without2:F0} req/s (mean {without:F0}), with collector {with:F0} req/s"));
        Console.WriteLine(FormattableString.Invariant($"  slowdown {slower:F1} % (target at most 5 %): {(slower <= 5 ? "MET" : "NOT MET")}; added per request {(1e6 / with) - (1e6 / without):F0} µs; batches shipped {ingest.Batches}"));
        Console.WriteLine(FormattableString.Invariant($"collector at 200 exchanges/s for {seconds} s: CPU {cpu:F1} % of one core (target under 5 %): {(cpu < 5 ? "MET" : "NOT MET")}"));
        Console.WriteLine(FormattableString.Invariant($"  peak RSS {peakRss / 1048576.0:F0} MB (target under 150 MB): {(peakRss < 150L << 20 ? "MET" : "NOT MET")}"));
        return 0;
    }

    /// <summary>One request after the other on one keep-alive connection, as fast as it goes; returns requests/s.</summary>
    private static async Task<double> ClosedLoopAsync(HttpClient http, int seconds, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await CallAsync(http, "benchmark request " + count, cancellationToken);
            count++;
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(double CpuPercent, long PeakRss)> FootprintAt200PerSecondAsync(HttpClient http, Process collector, int seconds, CancellationToken cancellationToken)
    {
        // Warm-up: the runtime recompiles hot code (tiered JIT) during the first seconds; a daemon's footprint is after that.
        await PacedAsync(http, 15, cancellationToken);
        var cpuBefore = CpuTime(collector.Id);
        var watch = Stopwatch.StartNew();
        await PacedAsync(http, seconds, cancellationToken);
        var cpu = (CpuTime(collector.Id) - cpuBefore).TotalSeconds / watch.Elapsed.TotalSeconds * 100;
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // let the last batch ship
        return (cpu, PeakRss(collector.Id));
    }

    /// <summary>200 requests per second, each on time, for <paramref name="seconds"/>.</summary>
    private static async Task PacedAsync(HttpClient http, int seconds, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var total = seconds * 200;
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / 200.0) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            await CallAsync(http, "footprint request " + i, cancellationToken);
        }
    }

    private static async Task CallAsync(HttpClient http, string prompt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, MockApi.OpenAiChat.Path())
        {
            Content = new StringContent(ClientWire.RequestBody(MockApi.OpenAiChat, "gpt-4o-mini", prompt, stream: false), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-benchmark");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static Process StartCollector(MockProviderServer mock, DiscardingIngest ingest)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("llmo-bench-collector-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "llmobserve-collector.dll"), "run", "--ingest-url", ingest.Url.ToString(),
            "--enrollment-token", "llmo_enroll_benchmark", "--node-name", "benchmark-" + Environment.MachineName, "--state-dir", stateDirectory,
            "--provider-host", $"127.0.0.1:{mock.OpenAiHttpsPort}=openai"])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("collector: " + e.Data); };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForCaptureAsync(Process collector, CancellationToken cancellationToken)
    {
        while (await collector.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains("Capture started", StringComparison.Ordinal))
            {
                _ = collector.StandardOutput.ReadToEndAsync(cancellationToken); // keep draining
                return;
            }
        }

        throw new InvalidOperationException("The collector exited before it started capturing (run the benchmark as root).");
    }

    /// <summary>utime + stime of a process from /proc/&lt;pid&gt;/stat (clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static long PeakRss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
