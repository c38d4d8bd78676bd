using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using LlmObserve.Benchmarks.Reporting;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;
using LlmObserve.Testing;

namespace LlmObserve.Benchmarks;

/// <summary>
/// Capture overhead and collector footprint, in one run (the collector ships to <see cref="DiscardingIngest"/>):
/// a keep-alive HTTPS client's requests/s without and with the collector attached (target: at most
/// 5 % slower), then the collector's CPU (% of one core) and peak RSS at 200 exchanges/s
/// (targets: under 5 %, under 150 MB). The mock provider runs in this process, so its server side
/// pays the uprobes too: the overhead printed is an upper bound for a client talking to a remote provider.
/// It also says where the overhead goes: how many of the requests were really captured and shipped, the
/// collector process's CPU per request, and the rate with that process stopped while its probes stay
/// attached (the kernel side alone).
/// </summary>
internal sealed class CaptureBenchmark(int seconds)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var capture = await CaptureLock.AcquireAsync(TimeSpan.FromMinutes(30), Console.Out); // no other capture run's clients in the figures
        var others = CollectorRun.CountOthers();
        await using var mock = await MockProviderServer.StartAsync(cancellationToken: cancellationToken);
        await using var ingest = await DiscardingIngest.StartAsync();
        using var http = mock.CreateHttpClient(MockApi.OpenAiChat);
        await ClosedLoopAsync(http, 3, cancellationToken); // warm-up: JIT, TLS session, connection
        var (without1, _) = await ClosedLoopAsync(http, seconds, cancellationToken);
        double with, probesOnly, collectorCpu;
        long sent, captured;
        using (var collector = await CollectorRun.StartAsync(mock, ingest, cancellationToken))
        {
            await ClosedLoopAsync(http, 3, cancellationToken);
            await SettleAsync(ingest, cancellationToken);
            var shippedBefore = ingest.CountExchanges();
            var cpuBefore = collector.CpuTime();
            (with, sent) = await ClosedLoopAsync(http, seconds, cancellationToken);
            collectorCpu = (collector.CpuTime() - cpuBefore).TotalSeconds;
            await SettleAsync(ingest, cancellationToken);
            captured = ingest.CountExchanges() - shippedBefore;

            // The kernel side alone: the probes stay attached while the collector's process is stopped.
            collector.Pause();
            (probesOnly, _) = await ClosedLoopAsync(http, seconds, cancellationToken);
        }

        var (without2, _) = await ClosedLoopAsync(http, seconds, cancellationToken);

        // A fresh collector for the footprint, so its peak RSS is the one at 200 exchanges/s.
        double cpu;
        long peakRss;
        using (var collector = await CollectorRun.StartAsync(mock, ingest, cancellationToken))
        {
            (cpu, peakRss) = await FootprintAt200PerSecondAsync(http, collector, seconds, cancellationToken);
        }

        var without = (without1 + without2) / 2;
        var slower = Slowdown(with);
        Console.WriteLine(FormattableString.Invariant($"keep-alive HTTPS client, {seconds} s each: without collector {without1:F0} and {without2:F0} req/s (mean {without:F0}), with collector {with:F0} req/s"));
        Console.WriteLine(FormattableString.Invariant($"  slowdown {slower:F1} % (target at most 5 %): {(slower <= 5 ? "MET" : "NOT MET")}; added per request {AddedMicroseconds(with):F0} µs"));
        Console.WriteLine(FormattableString.Invariant($"  captured and shipped {captured} of the {sent} requests made with the collector attached"));
        Console.WriteLine(FormattableString.Invariant($"  where it goes: the collector's process used {collectorCpu / seconds * 100:F1} % of one core ({collectorCpu / sent * 1e6:F1} µs per request);"));
        Console.WriteLine(FormattableString.Invariant($"  with that process stopped and the probes still attached, {probesOnly:F0} req/s ({Slowdown(probesOnly):F1} % slower, {AddedMicroseconds(probesOnly):F0} µs per request): the kernel's uprobes"));
        Console.WriteLine(FormattableString.Invariant($"collector at 200 exchanges/s for {seconds} s: CPU {cpu:F1} % of one core (target under 5 %): {(cpu < 5 ? "MET" : "NOT MET")}"));
        Console.WriteLine(FormattableString.Invariant($"  peak RSS {peakRss / 1048576.0:F0} MB (target under 150 MB): {(peakRss < 150L << 20 ? "MET" : "NOT MET")}"));
        Runs.Save(
            KnownRuns.Capture,
            KnownRuns.CommandOf("capture", FormattableString.Invariant($"--seconds {seconds}")),
            [
                FormattableString.Invariant($"A keep-alive HTTPS client, one request after the other for {seconds} s: without the collector (before and after), with it, and with its process stopped while its probes stay attached (the kernel side alone)."),
                "The mock provider runs in the client's process, so its server side pays the uprobes too: the slowdown is an upper bound for a client talking to a remote provider.",
                "The collector ships to a stand-in ingest that discards batches, so the backend's CPU is not counted. Footprint: a fresh collector, 200 exchanges/s after a 15 s warm-up.",
                FormattableString.Invariant($"Captured and shipped {captured} of the {sent} requests made with the collector attached."),
                others == 0 ? "No other collector ran on the machine." : FormattableString.Invariant($"{others} other collector process(es) ran on the machine; their probes slowed the requests with and without ours, so the slowdown is understated."),
            ],
            [
                Targets.CaptureSlowdown.Measured(slower),
                Targets.CollectorCpu.Measured(cpu),
                Targets.CollectorRss.Measured(peakRss / 1048576.0),
                new("requests/s without the collector (mean of two runs)", without, "req/s"),
                new("requests/s with the collector", with, "req/s"),
                new("time added per request", AddedMicroseconds(with), "µs"),
                new("collector CPU while the client ran flat out", collectorCpu / seconds * 100, "% of one core"),
                new("slowdown with the collector stopped, probes attached", Slowdown(probesOnly), "%"),
                new("requests captured and shipped", captured, "requests"),
                new("requests made with the collector attached", sent, "requests"),
            ]);
        return 0;

        double Slowdown(double rate) => (without - rate) / without * 100;
        double AddedMicroseconds(double rate) => (1e6 / rate) - (1e6 / without);
    }

    /// <summary>One request after the other on one keep-alive connection, as fast as it goes; returns requests/s and how many.</summary>
    private static async Task<(double PerSecond, long Count)> ClosedLoopAsync(HttpClient http, int seconds, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await CallAsync(http, "benchmark request " + count, cancellationToken);
            count++;
        }

        return (count / watch.Elapsed.TotalSeconds, count);
    }

    /// <summary>Waits until the collector has shipped what it had (no new exchanges for 2 s).</summary>
    private static async Task SettleAsync(DiscardingIngest ingest, CancellationToken cancellationToken)
    {
        long last;
        do
        {
            last = ingest.CountExchanges();
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
        while (ingest.CountExchanges() != last);
    }

    private static async Task<(double CpuPercent, long PeakRss)> FootprintAt200PerSecondAsync(HttpClient http, CollectorRun collector, int seconds, CancellationToken cancellationToken)
    {
        // Warm-up: the runtime recompiles hot code (tiered JIT) during the first seconds; a daemon's footprint is after that.
        await PacedAsync(http, 15, cancellationToken);
        var cpuBefore = collector.CpuTime();
        var watch = Stopwatch.StartNew();
        await PacedAsync(http, seconds, cancellationToken);
        var cpu = (collector.CpuTime() - cpuBefore).TotalSeconds / watch.Elapsed.TotalSeconds * 100;
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // let the last batch ship
        return (cpu, collector.PeakRss());
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
}
