using LlmObserve.Administration;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LlmObserve.Benchmarks.Reporting;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;
using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks;

/// <summary>
/// The findings API on a large database: seeds a fresh PostgreSQL database with
/// <paramref name="findings"/> findings of one tenant (four per exchange, 30 days, 3 clusters,
/// 20 namespaces, 200 pods, 4 providers, 8 models, 36 rules) plus a fifth as many of another
/// tenant, then times the typical SIEM and console queries through ingest-api over HTTP, each
/// <paramref name="runs"/> times: p50, p95 and max per query, and p95 over all of them.
/// </summary>
internal sealed class FindingsQueryBenchmark(int findings, int runs)
{
    private const double TargetP95Ms = 100;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var vhost = await TestVirtualHost.CreateAsync();
        var tenant = await TestTenant.CreateAsync(database, [ApiScopes.Admin]);
        var other = await TestTenant.CreateAsync(database);
        Console.WriteLine(Invariant($"findings query benchmark: seeding {findings:N0} findings (+{findings / 5:N0} of another tenant) in {database.Name} …"));
        var seeding = Stopwatch.StartNew();
        await BenchmarkSeed.ExchangesAsync(database, tenant.Tenant.Id, findings / 4, findingEvery: 1, findingsEach: 4, cancellationToken);
        await BenchmarkSeed.ExchangesAsync(database, other.Tenant.Id, findings / 20, findingEvery: 1, findingsEach: 4, cancellationToken);
        await BenchmarkSeed.AnalyzeAsync(database, cancellationToken);

        var seedSeconds = seeding.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"seeded in {seeding.Elapsed.TotalSeconds:0} s: {await database.CountAsync("SELECT count(*) FROM findings"):N0} findings, {await database.CountAsync("SELECT count(*) FROM exchanges"):N0} exchanges"));

        await using var api = await InProcessHost.StartIngestApiAsync(database, vhost.AmqpUri,
            "--RateLimits:ApiKeyPerSecond=1000000", "--RateLimits:ApiKeyBurst=1000000");
        api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        var now = DateTimeOffset.UtcNow;
        string At(TimeSpan ago) => Uri.EscapeDataString((now - ago).ToString("O", CultureInfo.InvariantCulture));
        var firstCluster = tenant.Cluster.Id;
        var highPage5 = await CursorAfterPagesAsync(api.Client, "/api/v1/findings?severity=high&limit=100", 4, cancellationToken);
        (string Name, string Path)[] queries =
        [
            ("newest 100, no filter", "/api/v1/findings?limit=100"),
            ("severity >= high", "/api/v1/findings?severity=high&limit=100"),
            ("severity >= high, page 5 (cursor)", $"/api/v1/findings?severity=high&limit=100&cursor={highPage5}"),
            ("no match (model nobody uses)", "/api/v1/findings?model=gpt-2&limit=100"),
            ("critical, last 7 days", $"/api/v1/findings?severity=critical&from={At(TimeSpan.FromDays(7))}&limit=100"),
            ("category + cluster", $"/api/v1/findings?category=prompt_injection&clusterId={firstCluster}&limit=100"),
            ("namespace + severity >= medium", "/api/v1/findings?namespace=ns-3&severity=medium&limit=100"),
            ("one pod", "/api/v1/findings?pod=ns-3-pod-7&limit=100"),
            ("provider + model, last 24 h", $"/api/v1/findings?provider=anthropic&model=claude-sonnet-4&from={At(TimeSpan.FromDays(1))}&limit=100"),
            ("rule, last 24 h", $"/api/v1/findings?ruleId=secret.r2&from={At(TimeSpan.FromDays(1))}&limit=100"),
            ("time window 2 h, 3 days ago", $"/api/v1/findings?from={At(TimeSpan.FromHours(74))}&to={At(TimeSpan.FromHours(72))}&limit=100"),
            ("feed since 1 h ago", $"/api/v1/findings/feed?since={At(TimeSpan.FromHours(1))}&limit=100"),
            ("feed since 30 days ago", $"/api/v1/findings/feed?since={At(TimeSpan.FromDays(31))}&limit=500"),
            ("OCSF export since 1 h ago", $"/api/v1/findings/export?format=ocsf&since={At(TimeSpan.FromHours(1))}&limit=100"),
        ];

        var all = new List<double>();
        var figures = new List<Figure>();
        var table = new List<string> { $"  {"query",-38} {"rows",5} {"p50 ms",8} {"p95 ms",8} {"max ms",8}" };
        Console.WriteLine($"{"query",-38} {"rows",5} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var (name, path) in queries)
        {
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < runs + 5; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await api.Client.GetAsync(path, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                response.EnsureSuccessStatusCode();
                rows = CountRows(body);
                if (i >= 5)
                {
                    times.Add(elapsed);
                }
            }

            all.AddRange(times);
            var line = Invariant($"{name,-38} {rows,5} {Percentile(times, 50),8:0.0} {Percentile(times, 95),8:0.0} {times.Max(),8:0.0}");
            Console.WriteLine(line);
            table.Add("  " + line);
            figures.Add(new(name + " p95", Percentile(times, 95), "ms"));
        }

        var p95 = Percentile(all, 95);
        Console.WriteLine(Invariant($"all {all.Count} queries over {findings:N0} findings: p95 {p95:0.0} ms (target under {TargetP95Ms} ms): {(p95 < TargetP95Ms ? "MET" : "NOT MET")}"));
        Runs.Save(
            KnownRuns.FindingsQuery,
            KnownRuns.CommandOf("findings-query", Invariant($"--findings {findings} --runs {runs}")),
            [
                Invariant($"A fresh database with {findings:N0} findings of the measured tenant (four per exchange, 30 days, 3 clusters, 20 namespaces, 200 pods, 4 providers, 8 models, 36 rules) and {findings / 5:N0} of another tenant; seeded in {seedSeconds:0} s."),
                Invariant($"Typical SIEM and console queries through ingest-api over HTTP (in-process host, real PostgreSQL), each timed {runs} times after 5 warm-up runs:"),
                .. table,
            ],
            [Targets.FindingsQueryP95.Measured(p95), new("findings of the measured tenant", findings, "findings"), .. figures]);
        return 0;
    }

    private static async Task<string> CursorAfterPagesAsync(HttpClient client, string path, int pages, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var i = 0; i < pages; i++)
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync(cursor is null ? path : $"{path}&cursor={cursor}", cancellationToken));
            cursor = document.RootElement.GetProperty("next").GetString();
        }

        return cursor ?? throw new InvalidOperationException("Fewer pages than expected.");
    }

    private static int CountRows(string body) =>
        body.StartsWith("{\"items\"", StringComparison.Ordinal) ? JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength() : body.Count(c => c == '\n');

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
