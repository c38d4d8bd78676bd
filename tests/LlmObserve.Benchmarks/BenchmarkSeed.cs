using System.Globalization;
using System.Text;
using LlmObserve.Testing;

namespace LlmObserve.Benchmarks;

/// <summary>
/// Large databases for the query benchmarks, straight in SQL (the writer's columns, no bodies): a
/// tenant's exchanges over 30 days (2 clusters of 10 nodes, 20 namespaces, 200 pods, 4 providers,
/// 8 models) and findings of 36 rules on some of them.
/// </summary>
internal static class BenchmarkSeed
{
    private static readonly string[] Categories = ["prompt_injection", "jailbreak", "secret", "pii", "system_prompt_leak", "exfiltration", "shadow_ai", "tool_risk", "cost_anomaly"];

    /// <param name="findingEvery">Every n-th exchange has findings.</param>
    /// <param name="findingsEach">How many findings such an exchange has.</param>
    public static async Task ExchangesAsync(TestDatabase database, Guid tenantId, int exchanges, int findingEvery, int findingsEach, CancellationToken cancellationToken)
    {
        var rules = new StringBuilder();
        for (var i = 0; i < 36; i++)
        {
            // Severities skewed like real traffic: mostly info/low/medium, few critical.
            var severity = (i % 12) switch { < 4 => 0, < 7 => 1, < 10 => 2, 10 => 3, _ => i < 12 ? 4 : 3 };
            rules.Append(Invariant($"{(i == 0 ? "" : ",")}({i},'{Categories[i % 9]}.r{i / 9}','{Categories[i % 9]}',{severity})"));
        }

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
                'POST', '/v1/chat/completions', 'api.example.com', '[]', 'utf8', false, 0, false, 0, false,
                CASE WHEN g % {findingEvery} = 0 THEN {findingsEach} ELSE 0 END,
                (ARRAY['openai','anthropic','ollama','azure_openai'])[1 + g % 4], 'chat_completions',
                (ARRAY['gpt-4o','gpt-4o-mini','claude-sonnet-4','claude-haiku-4','llama3.1','qwen2.5','gpt-4.1','gpt-5'])[1 + 2 * (g % 4) + g / 4 % 2]
            FROM generate_series(0, {exchanges - 1}) g JOIN bench_nodes n ON n.n = g % 20;
            INSERT INTO findings (id, tenant_id, cluster_id, exchange_id, captured_at, rule_id, category, severity, title, evidence, location,
                evidence_start, evidence_length, tags, confidence, created_at, namespace, pod, llm_provider, llm_model)
            SELECT gen_random_uuid(), e.tenant_id, e.cluster_id, e.id, e.captured_at, r.rule_id, r.category, r.severity, 'Finding ' || r.rule_id,
                'ev****', 'llm.prompt', 0, 6, ARRAY['LLM01'], 0.9, e.captured_at + interval '2 seconds', e.namespace, e.pod, e.llm_provider, e.llm_model
            FROM exchanges e CROSS JOIN generate_series(0, {findingsEach - 1}) k
            JOIN bench_rules r ON r.n = (abs(hashtext(e.id::text)) + k * 9) % 36
            WHERE e.tenant_id = '{tenantId}' AND e.finding_count > 0;
            DROP TABLE bench_nodes; DROP TABLE bench_rules;
            """;
        await ExecuteAsync(database, sql, cancellationToken);
    }

    /// <summary>Statistics for the planner after a bulk load, as autovacuum would gather them later.</summary>
    public static Task AnalyzeAsync(TestDatabase database, CancellationToken cancellationToken) =>
        ExecuteAsync(database, "ANALYZE", cancellationToken);

    public static async Task ExecuteAsync(TestDatabase database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
