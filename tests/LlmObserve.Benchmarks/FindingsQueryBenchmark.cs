using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;

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

    private static readonly string[] Categories = ["prompt_injection", "jailbreak", "secret", "pii", "system_prompt_leak", "exfiltration", "shadow_ai", "tool_risk", "cost_anomaly"];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var vhost = await TestVirtualHost.CreateAsync();
        var tenant = await TestTenant.CreateAsync(database, [ApiScopes.Admin]);
        var other = await TestTenant.CreateAsync(database);
        Console.WriteLine(Invariant($"findings query benchmark: seeding {findings:N0} findings (+{findings / 5:N0} of another tenant) in {database.Name} …"));
        var seeding = Stopwatch.StartNew();
        await SeedAsync(database, tenant.Tenant.Id, findings, cancellationToken);
        await SeedAsync(database, other.Tenant.Id, findings / 5, cancellationToken);
        await using (var analyze = database.DataSource.CreateCommand("ANALYZE"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

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
            Console.WriteLine(Invariant($"{name,-38} {rows,5} {Percentile(times, 50),8:0.0} {Percentile(times, 95),8:0.0} {times.Max(),8:0.0}"));
        }

        var p95 = Percentile(all, 95);
        Console.WriteLine(Invariant($"all {all.Count} queries over {findings:N0} findings: p95 {p95:0.0} ms (target under {TargetP95Ms} ms): {(p95 < TargetP95Ms ? "MET" : "NOT MET")}"));
        return 0;
    }

    /// <summary>Exchanges and four findings each, straight in SQL (the writer's columns, minimal bodies).</summary>
    private static async Task SeedAsync(TestDatabase database, Guid tenantId, int count, CancellationToken cancellationToken)
    {
        var rules = new StringBuilder();
        for (var i = 0; i < 36; i++)
        {
            // Severities skewed like real traffic: mostly info/low/medium, few critical.
            var severity = (i % 12) switch { < 4 => 0, < 7 => 1, < 10 => 2, 10 => 3, _ => i < 12 ? 4 : 3 };
            rules.Append(Invariant($"{(i == 0 ? "" : ",")}({i},'{Categories[i % 9]}.r{i / 9}','{Categories[i % 9]}',{severity})"));
        }

        var exchanges = count / 4;
        var sql = $"""
            INSERT INTO clusters (id, tenant_id, name, created_at)
            SELECT gen_random_uuid(), '{tenantId}', 'bench-' || g, now() FROM generate_series(1, 2) g;
            INSERT INTO nodes (id, tenant_id, cluster_id, name, enrolled_at)
            SELECT gen_random_uuid(), c.tenant_id, c.id, 'node-' || g, now() FROM clusters c, generate_series(1, 10) g WHERE c.tenant_id = '{tenantId}';
            CREATE TEMP TABLE bench_nodes AS SELECT row_number() OVER () - 1 AS n, id, cluster_id FROM nodes WHERE tenant_id = '{tenantId}';
            CREATE TEMP TABLE bench_rules (n int, rule_id text, category text, severity smallint);
            INSERT INTO bench_rules VALUES {rules};
            INSERT INTO exchanges (id, tenant_id, cluster_id, node_id, correlation_id, schema_version, captured_at, received_at, source, node_name,
                pid, command, executable, pod, namespace, method, path, host, request_headers, request_body_encoding, request_body_truncated,
                request_lost_bytes, response_body_truncated, response_lost_bytes, streamed, finding_count, llm_provider, llm_endpoint, llm_model)
            SELECT gen_random_uuid(), '{tenantId}', n.cluster_id, n.id, gen_random_uuid(), 1, now() - random() * interval '30 days', now(), 'openssl_uprobe',
                'node', 1000 + g % 5000, 'python3', '/usr/bin/python3', 'ns-' || (g % 20) || '-pod-' || (g / 20 % 10), 'ns-' || (g % 20),
                'POST', '/v1/chat/completions', 'api.example.com', '[]', 'utf8', false, 0, false, 0, false, 4,
                (ARRAY['openai','anthropic','ollama','azure_openai'])[1 + g % 4], 'chat_completions',
                (ARRAY['gpt-4o','gpt-4o-mini','claude-sonnet-4','claude-haiku-4','llama3.1','qwen2.5','gpt-4.1','gpt-5'])[1 + 2 * (g % 4) + g / 4 % 2]
            FROM generate_series(0, {exchanges - 1}) g JOIN bench_nodes n ON n.n = g % 20;
            INSERT INTO findings (id, tenant_id, cluster_id, exchange_id, captured_at, rule_id, category, severity, title, evidence, location,
                evidence_start, evidence_length, tags, confidence, created_at, namespace, pod, llm_provider, llm_model)
            SELECT gen_random_uuid(), e.tenant_id, e.cluster_id, e.id, e.captured_at, r.rule_id, r.category, r.severity, 'Finding ' || r.rule_id,
                'ev****', 'llm.prompt', 0, 6, ARRAY['LLM01'], 0.9, e.captured_at + interval '2 seconds', e.namespace, e.pod, e.llm_provider, e.llm_model
            FROM exchanges e CROSS JOIN generate_series(0, 3) k
            JOIN bench_rules r ON r.n = (abs(hashtext(e.id::text)) + k * 9) % 36
            WHERE e.tenant_id = '{tenantId}';
            DROP TABLE bench_nodes; DROP TABLE bench_rules;
            """;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
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
