using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using LlmObserve.Benchmarks.Reporting;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Testing;
using Npgsql;

namespace LlmObserve.Benchmarks;

/// <summary>What to offer: for how long (or how many), in which batches, at which rate.</summary>
internal sealed record PipelineLoad(int DurationSeconds, int? Exchanges, int BatchSize, int Concurrency, int Rate, int WarmupSeconds);

/// <summary>
/// Posts batches like many collectors would, at a steady offered rate, then measures on the
/// database's own clock: how many exchanges were stored per second, and how long each took from
/// ingest-api's receipt (<c>received_at</c>) to its commit (<c>stored_at</c>). A warm-up on a node
/// of its own runs first and is left out of the figures.
/// </summary>
internal sealed class PipelineBenchmark(LocalEnv env, PipelineLoad load)
{
    private const int BodyChars = 4096;
    private readonly string _corpus = Corpus.Build(1 << 20);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = env.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        var collector = new CollectorClient(http);
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        await using var db = NpgsqlDataSource.Create(env.Postgres);

        if (load.WarmupSeconds > 0)
        {
            Console.WriteLine($"warming up for {load.WarmupSeconds} s (not measured)");
            var warm = await collector.EnrollAsync(env.EnrollmentToken, $"bench-warmup-{stamp}");
            var warmed = await PostAsync(collector, warm, load with { DurationSeconds = load.WarmupSeconds, Exchanges = null }, quiet: true, cancellationToken);
            await WaitStoredAsync(db, warm.NodeId, warmed.Posted, cancellationToken);
        }

        var node = await collector.EnrollAsync(env.EnrollmentToken, $"bench-{stamp}");
        var what = load.Exchanges is { } n ? $"{n} exchanges" : $"for {load.DurationSeconds} s";
        var pace = load.Rate > 0 ? $"at {load.Rate} exchanges/s" : "as fast as accepted";
        Console.WriteLine($"posting {what} {pace}: batches of {load.BatchSize}, at most {load.Concurrency} in flight, " +
            $"{BodyChars} B prompt + {BodyChars} B response each, to {env.ApiUrl}");
        var run = await PostAsync(collector, node, load, quiet: false, cancellationToken);
        Console.WriteLine($"posted {run.Posted} exchanges in {run.Seconds:0.0} s ({run.Posted / run.Seconds:0} accepted/s); waiting for the last to be stored");
        await WaitStoredAsync(db, node.NodeId, run.Posted, cancellationToken);
        return await ReportAsync(db, node.NodeId, run, load);
    }

    private async Task<PostingResult> PostAsync(CollectorClient collector, EnrollResponse node, PipelineLoad load, bool quiet, CancellationToken cancellationToken)
    {
        var posted = 0;
        var refused = 0;
        var nextBatch = -1;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = quiet ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(5000, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0} s: {Volatile.Read(ref posted),8} accepted");
            }
        }, CancellationToken.None);

        var posters = Enumerable.Range(0, load.Concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker + Environment.TickCount);
            while (true)
            {
                // Batch k is due at k × batch / rate seconds: a steady offered load, whatever the latency.
                var k = Interlocked.Increment(ref nextBatch);
                var due = load.Rate > 0 ? TimeSpan.FromSeconds((double)k * load.BatchSize / load.Rate) : TimeSpan.Zero;
                var at = load.Rate > 0 ? due : clock.Elapsed;
                if (load.Exchanges is { } max ? (k + 1) * load.BatchSize > max : at.TotalSeconds >= load.DurationSeconds)
                {
                    return;
                }

                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }

                var batch = SampleExchanges.Batch(Enumerable.Range(0, load.BatchSize).Select(i => Exchange(random, i)));
                var started = Stopwatch.GetTimestamp();
                while (true)
                {
                    using var response = await collector.PostBatchAsync(batch, node.NodeCredential, CompressionLevel.Fastest);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        break;
                    }

                    Interlocked.Increment(ref refused);
                    await Task.Delay(500, cancellationToken);
                }

                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                Interlocked.Add(ref posted, load.BatchSize);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(posters);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await progress;
        latencies.Sort();
        return new PostingResult(posted, refused, seconds, latencies);
    }

    private CapturedExchange Exchange(Random random, int i)
    {
        // Distinct text for every exchange, cut from a corpus of words; one in fifty carries an AWS key.
        var prompt = _corpus.Substring(random.Next(_corpus.Length - BodyChars), BodyChars - 200);
        if (i % 50 == 0)
        {
            prompt = SampleExchanges.AwsKeyPrompt + prompt;
        }

        return SampleExchanges.ChatCompletion(prompt, node: "bench", answer: _corpus.Substring(random.Next(_corpus.Length - BodyChars), BodyChars - 150));
    }

    private static async Task WaitStoredAsync(NpgsqlDataSource db, Guid nodeId, int posted, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM exchanges WHERE node_id = $1");
        command.Parameters.Add(new() { Value = nodeId });
        while ((long)(await command.ExecuteScalarAsync(cancellationToken))! < posted)
        {
            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<int> ReportAsync(NpgsqlDataSource db, Guid nodeId, PostingResult run, PipelineLoad load)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*),
                   extract(epoch FROM max(stored_at) - min(received_at))::float8,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - received_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - received_at)),
                   extract(epoch FROM max(stored_at - received_at))::float8,
                   (SELECT count(*) FROM findings f JOIN exchanges e ON e.id = f.exchange_id WHERE e.node_id = $1)
            FROM exchanges WHERE node_id = $1
            """);
        command.Parameters.Add(new() { Value = nodeId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (stored, seconds, p50, p99, max, findings) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5));
        await reader.DisposeAsync();

        // Stored per 10 s window, by commit time; "sustained" means no full window falls short.
        await using var windows = db.CreateCommand("""
            SELECT count(*) / 10.0 FROM exchanges WHERE node_id = $1
            GROUP BY floor(extract(epoch FROM stored_at - (SELECT min(received_at) FROM exchanges WHERE node_id = $1)) / 10)
            ORDER BY floor(extract(epoch FROM stored_at - (SELECT min(received_at) FROM exchanges WHERE node_id = $1)) / 10)
            """);
        windows.Parameters.Add(new() { Value = nodeId });
        var rates = new List<double>();
        await using (var r = await windows.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                rates.Add((double)r.GetDecimal(0));
            }
        }

        var full = rates.Count > 2 ? rates.Skip(1).SkipLast(1).ToList() : rates; // the first and last windows are partial
        var rate = stored / seconds;
        var met = rate >= 2000 * 0.99 && full.Count > 0 && full.Min() >= 2000 * 0.95 && p99 < 2 && run.Seconds >= 59.5;
        Console.WriteLine();
        Console.WriteLine("pipeline benchmark (ingest-api → RabbitMQ → scanner-worker → PostgreSQL)");
        Console.WriteLine($"  machine                 {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"  offered                 {(load.Rate > 0 ? $"{load.Rate} exchanges/s" : "as fast as accepted")}, batches of {load.BatchSize}, {load.Concurrency} in flight");
        Console.WriteLine($"  exchanges               {run.Posted} posted, {stored} stored, {findings} findings, {run.Refused} posts refused and retried");
        Console.WriteLine($"  throughput              {rate:0} exchanges/s stored over {seconds:0.0} s (first receipt to last commit)");
        Console.WriteLine($"  10 s windows            {string.Join(' ', full.Select(x => x.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} exchanges/s");
        Console.WriteLine($"  accepted-to-stored      p50 {p50 * 1000:0} ms, p99 {p99 * 1000:0} ms, max {max * 1000:0} ms");
        Console.WriteLine($"  POST latency (client)   p50 {run.Latencies[run.Latencies.Count / 2]:0} ms, p99 {run.Latencies[(int)(run.Latencies.Count * 0.99)]:0} ms");
        Console.WriteLine($"  target                  2000 exchanges/s sustained for 60 s, p99 < 2000 ms: {(met ? "MET" : "NOT MET")}");
        Save(run, load, (stored, findings, rate, seconds, p50, p99, max), full, rates.Count > 2);
        return 0;
    }

    private static void Save(PostingResult run, PipelineLoad load, (long Stored, long Findings, double Rate, double Seconds, double P50, double P99, double Max) db, List<double> full, bool trimmed)
    {
        var lowest = full.Count > 0 ? full.Min() : 0; // a run shorter than one full 10 s window has none
        var sustained = db.Rate >= 2000 * 0.99 && lowest >= 2000 * 0.95 && run.Seconds >= 59.5;
        var arguments = load.Exchanges is { } n ? $"--exchanges {n}" : $"--duration {load.DurationSeconds}";
        var offset = trimmed ? 10 : 0;
        Runs.Save(
            KnownRuns.Pipeline,
            KnownRuns.CommandOf("pipeline", FormattableString.Invariant($"{arguments} --rate {load.Rate} --batch {load.BatchSize} --concurrency {load.Concurrency} --warmup {load.WarmupSeconds}")),
            [
                FormattableString.Invariant($"Offered {(load.Rate > 0 ? $"{load.Rate} exchanges/s" : "as fast as accepted")} for {run.Seconds:0.0} s after a {load.WarmupSeconds} s warm-up, in batches of {load.BatchSize} with at most {load.Concurrency} in flight; 4 KiB prompt and 4 KiB response each, one in fifty carrying an AWS key."),
                FormattableString.Invariant($"{run.Posted} posted, {db.Stored} stored, {db.Findings} findings, {run.Refused} posts refused and retried; measured on the database's clock (received_at to stored_at)."),
                "Sustained means: stored at 99 % of 2,000/s or more over the run, no full 10 s window under 95 % of it, and 60 s of load.",
            ],
            [
                Targets.PipelineThroughput.Measured(db.Rate, sustained),
                new("lowest full 10 s window", lowest, "exchanges/s"),
                Targets.PipelineP99.Measured(db.P99 * 1000),
                new("accepted-to-stored p50", db.P50 * 1000, "ms"),
                new("accepted-to-stored max", db.Max * 1000, "ms"),
                new("POST latency p50 (client)", run.Latencies[run.Latencies.Count / 2], "ms"),
                new("POST latency p99 (client)", run.Latencies[(int)(run.Latencies.Count * 0.99)], "ms"),
            ],
            [
                new("stored per 10 s window", "seconds since the first receipt (window start)", "exchanges/s",
                    [new("stored", [.. full.Select((_, i) => (double)((i * 10) + offset))], full), new("target", [0, Math.Max(10, (full.Count - 1) * 10) + offset], [2000, 2000])]),
            ]);
    }

    private sealed record PostingResult(int Posted, int Refused, double Seconds, List<double> Latencies);
}
