using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Web.Views.Explore;

/// <summary>
/// The overview's aggregates. All but the token usage are LINQ, so the DbContext's tenant filter scopes them;
/// the token usage is raw SQL (see <see cref="TokenUsageAsync"/>) and filters by tenant itself.
/// </summary>
public static class OverviewQueries
{
    /// <summary>How many exchanges the token usage reads at most: regex over bodies is bounded work.</summary>
    public const int UsageSample = 5000;

    private const int TopRows = 10;

    public static async Task<OverviewStats> StatsAsync(LlmObserveDbContext db, TenantFleet fleet, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(fleet);
        var (day, week) = (now.AddDays(-1), now.AddDays(-7));
        var exchanges = await db.Exchanges.Where(e => e.CapturedAt >= week).GroupBy(_ => 1)
            .Select(g => new { Week = g.Count(), Day = g.Count(e => e.CapturedAt >= day) })
            .FirstOrDefaultAsync(ct);
        var findings = await db.Findings.Where(f => f.CapturedAt >= week).GroupBy(_ => 1)
            .Select(g => new
            {
                Week = g.Count(),
                Day = g.Count(f => f.CapturedAt >= day),
                Severe = g.Count(f => f.Severity >= FindingSeverity.High),
            })
            .FirstOrDefaultAsync(ct);

        // Active as the fleet pages say it (a live credential and a recent heartbeat or batch).
        var nodes = await fleet.ListNodesAsync(null, ct);
        var active = nodes.Where(n => n.Status == "active").ToList();
        var clusters = await db.Clusters.CountAsync(ct);
        return new OverviewStats(
            exchanges?.Day ?? 0, exchanges?.Week ?? 0, findings?.Day ?? 0, findings?.Week ?? 0, findings?.Severe ?? 0,
            active.Select(n => n.ClusterId).Distinct().Count(), clusters, active.Count, nodes.Count);
    }

    /// <summary>Findings per UTC day and severity since <paramref name="since"/> (a UTC midnight).</summary>
    public static async Task<IReadOnlyList<DaySeverityCount>> FindingsByDayAsync(LlmObserveDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Days counted from the window's start (a UTC midnight): an interval's day part, which EF translates.
        var rows = await db.Findings.Where(f => f.CapturedAt >= since)
            .GroupBy(f => new { Day = (f.CapturedAt - since).Days, f.Severity })
            .Select(g => new { g.Key.Day, g.Key.Severity, Count = g.Count() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new DaySeverityCount(since.UtcDateTime.Date.AddDays(r.Day), r.Severity, r.Count))];
    }

    public static async Task<IReadOnlyList<CategoryCount>> FindingsByCategoryAsync(LlmObserveDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Findings.Where(f => f.CapturedAt >= since)
            .GroupBy(f => f.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .OrderByDescending(c => c.Count)
            .ToListAsync(ct);
        return [.. rows.Select(r => new CategoryCount(r.Category, r.Count))];
    }

    /// <summary>The busiest workloads since <paramref name="since"/>, with the findings of their exchanges.</summary>
    public static async Task<IReadOnlyList<WorkloadActivity>> TopWorkloadsAsync(LlmObserveDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Exchanges.Where(e => e.CapturedAt >= since)
            .GroupBy(e => new { e.Namespace, e.Pod, Executable = e.Pod == null ? e.Executable : null })
            .Select(g => new { g.Key, Exchanges = g.Count(), Findings = g.Sum(e => e.FindingCount) })
            .OrderByDescending(w => w.Exchanges).ThenByDescending(w => w.Findings)
            .Take(TopRows)
            .ToListAsync(ct);
        return [.. rows.Select(r => new WorkloadActivity(r.Key.Namespace, r.Key.Pod, r.Key.Executable, r.Exchanges, r.Findings))];
    }

    public static async Task<IReadOnlyList<ModelActivity>> TopModelsAsync(LlmObserveDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Exchanges.Where(e => e.CapturedAt >= since)
            .GroupBy(e => new { e.LlmProvider, e.LlmModel })
            .Select(g => new { g.Key, Exchanges = g.Count(), Findings = g.Sum(e => e.FindingCount) })
            .OrderByDescending(m => m.Exchanges)
            .Take(TopRows)
            .ToListAsync(ct);
        return [.. rows.Select(r => new ModelActivity(r.Key.LlmProvider, r.Key.LlmModel, r.Exchanges, r.Findings))];
    }

    /// <summary>
    /// Token usage per model over the newest <see cref="UsageSample"/> exchanges since <paramref name="since"/>, read
    /// from complete (not streamed, not truncated) UTF-8 JSON response bodies. Exchanges store raw bodies only, and
    /// PostgreSQL 15 has no safe JSON test (a jsonb cast of one malformed body would fail the whole query), so the
    /// counts are matched as JSON keys with a regular expression: a quote inside a JSON string is escaped, so
    /// <c>"prompt_tokens": 12</c> can only be a key and its number. The keys are those the conversation normalizer
    /// reads: OpenAI-style (prompt/completion_tokens), Anthropic and OpenAI Responses (input/output_tokens), Gemini
    /// (prompt/candidatesTokenCount), Bedrock (input/outputTokens), Ollama (prompt_eval_count/eval_count).
    /// Only the last 4 KiB of a body is searched: every provider writes its usage at the end of the answer.
    /// Raw SQL bypasses the tenant filter: it filters by <paramref name="tenantId"/> itself.
    /// </summary>
    public static async Task<IReadOnlyList<TokenUsageRow>> TokenUsageAsync(
        LlmObserveDbContext db, Guid tenantId, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sample = UsageSample;
        return await db.Database.SqlQuery<TokenUsageRow>($$"""
            SELECT s.llm_model AS "Model",
                   count(*)::int AS "Exchanges",
                   count(s.input_tokens)::int AS "WithUsage",
                   coalesce(sum(s.input_tokens), 0)::bigint AS "InputTokens",
                   coalesce(sum(s.output_tokens), 0)::bigint AS "OutputTokens"
            FROM (
                SELECT e.llm_model,
                       CASE WHEN e.response_body_encoding = 'utf8' AND NOT e.streamed AND NOT e.response_body_truncated
                                 AND left(e.response_body, 1) = '{'
                            THEN (regexp_match(right(e.response_body, 4096), '"(?:prompt_tokens|input_tokens|inputTokens|promptTokenCount|prompt_eval_count)"\s*:\s*(\d{1,15})'))[1]::bigint
                       END AS input_tokens,
                       CASE WHEN e.response_body_encoding = 'utf8' AND NOT e.streamed AND NOT e.response_body_truncated
                                 AND left(e.response_body, 1) = '{'
                            THEN (regexp_match(right(e.response_body, 4096), '"(?:completion_tokens|output_tokens|outputTokens|candidatesTokenCount|eval_count)"\s*:\s*(\d{1,15})'))[1]::bigint
                       END AS output_tokens
                FROM (
                    SELECT x.llm_model, x.response_body, x.response_body_encoding, x.streamed, x.response_body_truncated
                    FROM exchanges x
                    WHERE x.tenant_id = {{tenantId}} AND x.captured_at >= {{since}}
                    ORDER BY x.captured_at DESC, x.id DESC
                    LIMIT {{sample}}
                ) e
            ) s
            GROUP BY s.llm_model
            ORDER BY count(s.input_tokens) DESC, count(*) DESC
            LIMIT 20
            """).ToListAsync(ct);
    }
}
