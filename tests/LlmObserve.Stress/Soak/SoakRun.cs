using System.Diagnostics;
using System.Globalization;
using LlmObserve.Stress.Load;
using LlmObserve.Stress.Stack;
using LlmObserve.Testing;
using LlmObserve.Testing.Results;

namespace LlmObserve.Stress.Soak;

/// <summary>
/// A long run at a steady rate through the whole system (real collector, clients, backend), sampling the
/// memory and CPU of every process each minute; it fails when a process's memory keeps growing after the
/// warm-up (<see cref="GrowthCheck"/>), or when a call is not stored.
/// </summary>
public sealed class SoakRun(TimeSpan duration, double rate, TimeSpan sampleEvery, TextWriter log)
{
    public async Task<RunResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        using var capture = await CaptureLock.AcquireAsync(TimeSpan.FromMinutes(30), log);
        await using var system = await SystemUnderTest.StartAsync(new StackOptions(Workers: 2), log);
        var samples = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var load = new ExchangeLoad(system.Mock, "soak-" + Guid.NewGuid().ToString("N")[..10], rate);
        var lastCpu = system.Processes.ToDictionary(p => p.Key, p => ProcessTree.Usage(p.Value).CpuSeconds, StringComparer.Ordinal);
        var stored = 0L;
        await using (load)
        {
            load.Start();
            log.WriteLine($"soak: {rate:0} calls/s for {duration.TotalMinutes:0} min, sampling every {sampleEvery.TotalSeconds:0} s");
            for (var next = sampleEvery; next <= duration; next += sampleEvery)
            {
                await Task.Delay(next - clock.Elapsed is { Ticks: > 0 } wait ? wait : TimeSpan.Zero, cancellationToken);
                var minute = clock.Elapsed.TotalMinutes;
                var line = new List<string>();
                foreach (var (name, pid) in system.Processes)
                {
                    var (memory, cpu) = ProcessTree.Usage(pid);
                    var cpuShare = (cpu - lastCpu.GetValueOrDefault(name)) / sampleEvery.TotalSeconds * 100;
                    lastCpu[name] = cpu;
                    (samples.TryGetValue(name, out var list) ? list : samples[name] = []).Add(new Sample(minute, memory / 1048576.0, cpuShare));
                    line.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {memory / 1048576.0:0} MB {cpuShare:0.0} %"));
                }

                stored = await system.StoredCountAsync(load.RunId);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{minute,5:0.0} min] calls {load.Calls.Count:N0}, stored {stored:N0} | {string.Join(" | ", line)}"));
            }

            await load.StopAsync();
        }

        // Everything made must arrive (nothing is killed in a soak); give the tail a minute.
        var made = load.Calls.Count(c => c.Succeeded);
        var failed = load.Calls.Count(c => !c.Succeeded);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (stored < made && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            stored = await system.StoredCountAsync(load.RunId);
        }

        var checks = samples.Select(s => GrowthCheck.Of(s.Key, s.Value)).ToList();
        var allStored = stored == made;
        var achieved = made / duration.TotalSeconds;
        var rateHeld = achieved >= rate * 0.95; // the load is part of the claim: a stalled client would make everything look flat
        var summary = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{made:N0} calls made ({failed:N0} failed), {stored:N0} stored: {(allStored ? "all stored" : "NOT all stored")}"),
            string.Create(CultureInfo.InvariantCulture, $"rate {achieved:0.0} calls/s achieved of {rate:0} offered (+ one curl call every 2 s) for {duration.TotalMinutes:0} min: {(rateHeld ? "held" : "NOT held")}; memory is PSS summed over each part's processes"),
        };
        summary.AddRange(checks.Select(c => c.Describe()));
        foreach (var line in summary)
        {
            log.WriteLine(line);
        }

        var figures = checks.Select(c => new Figure($"{c.Process}: memory growth after warm-up", Math.Round(c.GrowthMb, 1), "MB",
            string.Create(CultureInfo.InvariantCulture, $"levels off (≤ {c.AllowedMb:0} MB)"), c.Flat, "issue 8")).ToList();
        figures.Add(new Figure("calls not stored", made - stored, "calls", "0", allStored, "issue 8"));
        figures.Add(new Figure("rate achieved", Math.Round(achieved, 1), "exchanges/s", string.Create(CultureInfo.InvariantCulture, $"steady {rate:0}"), rateHeld, "issue 8"));
        figures.AddRange(checks.Select(c => new Figure($"{c.Process}: mean CPU", Math.Round(c.MeanCpu, 1), "% of one core")));
        return new RunResult("soak", $"Soak: {duration.TotalMinutes:0} minutes at {rate:0} exchanges/s", command, DateTimeOffset.UtcNow, RunResult.ThisMachine(),
            allStored && rateHeld && checks.All(c => c.Flat), summary, figures,
        [
            Chart("soak-memory", "memory (MB, PSS)", samples, s => s.MemoryMb),
            Chart("soak-cpu", "CPU (% of one core)", samples, s => s.CpuPercent),
        ]);
    }

    private static Series Chart(string name, string label, Dictionary<string, List<Sample>> samples, Func<Sample, double> value) =>
        new(name, "minute", label, [.. samples.Select(s => new SeriesLine(s.Key, [.. s.Value.Select(v => Math.Round(v.Minute, 2))], [.. s.Value.Select(v => Math.Round(value(v), 1))]))]);
}

/// <summary>One sample of one part: when, its memory, its CPU over the last interval.</summary>
public sealed record Sample(double Minute, double MemoryMb, double CpuPercent);
