using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmObserve.Benchmarks.Reporting;
using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Engine;
using LlmObserve.Testing;
using LlmObserve.Testing.Quality;

namespace LlmObserve.Benchmarks;

/// <summary>
/// The whole built-in rule pack (every detector a rule asks for, the classifier included) on captured OpenAI
/// chat exchanges, normalization included. Prompts are real prompts — the benign rows of the classifier's
/// training data (everyday questions, maths problems, task instructions, scary-sounding but safe questions)
/// joined up to mixed sizes — with a system prompt and an answer; one prompt in ten also carries an attack row
/// (a jailbreak template or an injection) and one in ten an email, card number or key, so rules match as in
/// traffic. Prints MB/s per core (request and response bodies scanned per CPU-second of one scanning thread,
/// then of all cores together) and the per-exchange latency for a 16 KiB prompt; then the throughput on an
/// attack-dense corpus (every row, so about half the text is jailbreak templates), the worst case.
/// </summary>
internal sealed class DetectionBenchmark(int seconds)
{
    private static readonly int[] Sizes = [512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536];
    private static readonly string[] Extras =
    [
        " Please reply to jane.doe@example.com.", " Card 4111 1111 1111 1111 exp 12/29.", " key AKIAIOSFODNN7EXAMPLE",
        " call +44 20 7946 0958",
    ];

    public Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (benign, attacks) = LoadPrompts();
        var engine = DetectionEngine.Create();
        var mixed = Build(benign, attacks, 400, i => Sizes[i % Sizes.Length]);
        var fixed16 = Build(benign, attacks, 400, _ => 16 * 1024);
        var dense = Build([.. benign, .. attacks], attacks, 400, i => Sizes[i % Sizes.Length]);
        Console.WriteLine($"detection benchmark: {engine.Rules.Rules.Count} rules, {mixed.Count} mixed exchanges ({string.Join("/", Sizes.Select(s => s / 1024.0))} KiB prompts), {Environment.ProcessorCount} cores");

        // Warm-up, not measured: JIT up to the optimized tier, the classifier's model load.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.Elapsed < TimeSpan.FromSeconds(3); i++)
        {
            engine.Scan(mixed[i % mixed.Count].Exchange);
        }

        var single = Throughput(engine, mixed, threads: 1, cancellationToken);
        Console.WriteLine(Invariant($"one thread:   {single.MegabytesPerCpuSecond,7:0.0} MB/s per core  ({single.Exchanges:N0} exchanges, {single.Findings:N0} findings, {single.Bytes / 1e6:0} MB in {single.CpuSeconds:0.0} CPU-s)"));
        var all = Throughput(engine, mixed, threads: Environment.ProcessorCount, cancellationToken);
        Console.WriteLine(Invariant($"{Environment.ProcessorCount} threads:    {all.MegabytesPerCpuSecond,7:0.0} MB/s per core, {all.MegabytesPerWallSecond:0.0} MB/s in all ({all.Exchanges:N0} exchanges)"));

        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds / 2.0 || latencies.Count < 1000)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = fixed16[latencies.Count % fixed16.Count];
            var start = Stopwatch.GetTimestamp();
            engine.Scan(item.Exchange);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        latencies.Sort();
        Console.WriteLine(Invariant($"16 KiB prompt: p50 {Percentile(latencies, 0.50):0.000} ms, p99 {Percentile(latencies, 0.99):0.000} ms, max {latencies[^1]:0.000} ms over {latencies.Count:N0} exchanges"));
        var worst = Throughput(engine, dense, threads: 1, cancellationToken);
        Console.WriteLine(Invariant($"attack-dense corpus, one thread: {worst.MegabytesPerCpuSecond:0.0} MB/s per core ({worst.Findings:N0} findings in {worst.Exchanges:N0} exchanges)"));
        Console.WriteLine(Invariant($"targets: >= 50 MB/s per core: {(single.MegabytesPerCpuSecond >= 50 ? "met" : "NOT met")}; p99 < 5 ms for 16 KiB: {(Percentile(latencies, 0.99) < 5 ? "met" : "NOT met")}"));
        Save(engine, mixed.Count, single, all, worst, latencies);
        return Task.FromResult(0);
    }

    private void Save(DetectionEngine engine, int exchanges, Result single, Result all, Result worst, List<double> latencies)
    {
        double[] percentiles = [.. Enumerable.Range(1, 99).Select(p => (double)p), 99.9];
        Runs.Save(
            KnownRuns.Detection,
            KnownRuns.CommandOf("detection", Invariant($"--seconds {seconds}")),
            [
                Invariant($"{engine.Rules.Rules.Count} rules on {exchanges} captured OpenAI chat exchanges, prompts of {string.Join("/", Sizes.Select(s => s / 1024.0))} KiB built from the dev set's benign rows; one in ten carries an attack row, one in ten an email, card number or key; normalization included."),
                "MB/s counts request and response bodies scanned per CPU-second of the scanning threads; the attack-dense corpus (every row, about half jailbreak text) is the worst case.",
                Invariant($"Latency: {latencies.Count:N0} scans of exchanges with a 16 KiB prompt, one after the other."),
            ],
            [
                Targets.DetectionThroughput.Measured(single.MegabytesPerCpuSecond),
                Targets.DetectionP99.Measured(Percentile(latencies, 0.99)),
                new(Invariant($"throughput per core ({Environment.ProcessorCount} threads)"), all.MegabytesPerCpuSecond, "MB/s"),
                new(Invariant($"throughput in all ({Environment.ProcessorCount} threads)"), all.MegabytesPerWallSecond, "MB/s"),
                new("throughput per core, attack-dense corpus (one thread)", worst.MegabytesPerCpuSecond, "MB/s"),
                new("16 KiB prompt p50", Percentile(latencies, 0.50), "ms"),
                new("16 KiB prompt max", latencies[^1], "ms"),
            ],
            [
                new("16 KiB prompt: scan latency by percentile", "percentile", "ms",
                    [new("scan latency", percentiles, [.. percentiles.Select(p => Percentile(latencies, p / 100))]), new("target (p99)", [1, 99.9], [5, 5])]),
            ]);
    }

    private sealed record Item(CapturedExchange Exchange, long Bytes);

    private sealed record Result(long Exchanges, long Findings, long Bytes, double CpuSeconds, double WallSeconds)
    {
        public double MegabytesPerCpuSecond => Bytes / 1e6 / CpuSeconds;

        public double MegabytesPerWallSecond => Bytes / 1e6 / WallSeconds;
    }

    private Result Throughput(DetectionEngine engine, List<Item> items, int threads, CancellationToken cancellationToken)
    {
        long exchanges = 0, findings = 0, bytes = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds / 2.0);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            long e = 0, f = 0, b = 0;
            for (var i = t; wall.Elapsed < deadline && !cancellationToken.IsCancellationRequested; i++)
            {
                var item = items[i % items.Count];
                f += engine.Scan(item.Exchange).Findings.Count;
                b += item.Bytes;
                e++;
            }

            Interlocked.Add(ref exchanges, e);
            Interlocked.Add(ref findings, f);
            Interlocked.Add(ref bytes, b);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return new Result(exchanges, findings, bytes, cpu, wall.Elapsed.TotalSeconds);
    }

    private static List<Item> Build(List<string> texts, List<string> attacks, int count, Func<int, int> size)
    {
        var random = new Random(7);
        var items = new List<Item>(count);
        for (var i = 0; i < count; i++)
        {
            var prompt = new StringBuilder();
            while (prompt.Length < size(i))
            {
                prompt.Append(texts[random.Next(texts.Count)]).Append("\n\n");
            }

            prompt.Length = size(i);
            if (random.Next(10) == 0)
            {
                prompt.Insert(random.Next(prompt.Length), "\n\n" + attacks[random.Next(attacks.Count)] + "\n\n");
            }

            if (random.Next(10) == 0)
            {
                prompt.Append(Extras[random.Next(Extras.Length)]);
            }

            var answer = Corpus.Build(Math.Max(200, size(i) / 4));
            var request = JsonSerializer.Serialize(new
            {
                model = "gpt-4o-mini",
                messages = new object[]
                {
                    new { role = "system", content = "You are a helpful assistant for Acme Corp. Answer briefly and never reveal internal data." },
                    new { role = "user", content = prompt.ToString() },
                },
            });
            var response = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-1",
                model = "gpt-4o-mini",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = size(i) / 4, completion_tokens = answer.Length / 4, total_tokens = (size(i) + answer.Length) / 4 },
            });
            var exchange = SampleExchanges.ChatCompletion("x") with
            {
                Id = Guid.CreateVersion7(),
                Request = SampleExchanges.ChatCompletion("x").Request with { Body = request, BodySize = request.Length },
                Response = new CapturedResponse { StatusCode = 200, Headers = [new("content-type", "application/json")], Body = response, BodySize = response.Length },
            };
            items.Add(new Item(exchange, Encoding.UTF8.GetByteCount(request) + Encoding.UTF8.GetByteCount(response)));
        }

        return items;
    }

    /// <summary>The dev set's benign rows, and its injection rows.</summary>
    private static (List<string> Benign, List<string> Attacks) LoadPrompts()
    {
        var rows = QualityData.Load(QualityData.DevSetFile);
        List<string> Texts(string label) => [.. rows.Where(r => r.Label == label).Select(r => r.Text)];
        return (Texts("benign"), Texts("injection"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
