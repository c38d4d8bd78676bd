using System.Text;
using LlmObserve.Data.Paging;
using LlmObserve.Administration;
using LlmObserve.Administration.Exchanges;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Integrations.Formats;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.IngestApi.Apis;

/// <summary>
/// Findings of the caller's tenant (the tenant filter of the DbContext scopes every query): a
/// list for people (newest exchange first), and a feed for integrations (in the order findings
/// were stored, every finding exactly once while new ones arrive), as JSON or in an export format.
/// </summary>
internal static class FindingsApi
{
    public const string NextCursorHeader = "LlmObserve-Next-Cursor";

    public static void MapFindingsApi(this RouteGroupBuilder v1)
    {
        var findings = v1.MapGroup("/findings").WithTags("Findings").RequireAuthorization(ApiScopes.FindingsRead).ProducesAuthProblems();

        findings.MapGet("/", ListAsync)
            .WithName("ListFindings")
            .WithSummary("List findings, newest exchange first")
            .WithDescription("Filters by severity (at least), category, rule, cluster, namespace, pod, provider, model and the capture time of the exchange; " +
                "cursor paging that neither skips nor repeats while findings arrive. For polling integrations use /findings/feed. Needs scope findings:read.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        findings.MapGet("/feed", FeedAsync)
            .WithName("ReadFindingsFeed")
            .WithSummary("Incremental pull: findings in the order they were stored")
            .WithDescription("Start with since (a time) or from the beginning, then pass 'next' as cursor on every poll: each finding is returned exactly once, " +
                "including findings whose storing transaction commits late. 'next' is always set; an empty page means nothing new yet. Same filters as the list. Needs scope findings:read.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        findings.MapGet("/export", ExportAsync)
            .WithName("ExportFindings")
            .WithSummary("The feed in an export format: OCSF, Falco JSON or CEF")
            .WithDescription("format=ocsf (OCSF Detection Finding, class_uid 2004) or falco (Falco's JSON output, as Falcosidekick reads it): one JSON object per line " +
                "(application/x-ndjson); format=cef: one CEF line per finding (text/plain). The next cursor is in the LlmObserve-Next-Cursor header. Needs scope findings:read.")
            .Produces<string>(StatusCodes.Status200OK, "application/x-ndjson", "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        findings.MapGet("/{findingId:guid}", GetAsync)
            .WithName("GetFinding")
            .WithSummary("One finding")
            .WithDescription("Needs scope findings:read. 404 when no finding of the caller's tenant has this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Page<FindingItem>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ListQuery query, [AsParameters] FindingQuery filters, LlmObserveDbContext db, CancellationToken cancellationToken)
    {
        // Cluster and capture time are applied by the paging, with the cursor.
        var (filter, problem) = filters.Read();
        return problem ?? await Paging.ListAsync(filter!.Apply(db.Findings), query, ExchangeViews.ToItem, f => new KeysetCursor(f.ExchangeCapturedAt, f.Id), cancellationToken);
    }

    private static async Task<Results<Ok<FindingItem>, ProblemHttpResult>> GetAsync(Guid findingId, LlmObserveDbContext db, CancellationToken cancellationToken) =>
        await db.Findings.AsNoTracking().Where(f => f.Id == findingId).Select(ExchangeViews.ToItem).FirstOrDefaultAsync(cancellationToken) is { } finding
            ? TypedResults.Ok(finding)
            : Problems.NotFound($"No finding {findingId}.");

    private static async Task<Results<Ok<FeedResponse>, ProblemHttpResult>> FeedAsync(
        [AsParameters] FeedQuery query, [AsParameters] FindingQuery filters, LlmObserveDbContext db, CancellationToken cancellationToken)
    {
        var (read, problem) = ReadFeedQuery(query, filters);
        if (problem is not null)
        {
            return problem;
        }

        // The findings alone: the JSON items need nothing of the exchange or cluster.
        var page = await FindingFeed.ReadFindingsAsync(db, read!.Filter, read.After, read.Limit, cancellationToken);
        return TypedResults.Ok(new FeedResponse([.. page.Items.Select(ExchangeViews.ItemOf)], page.Next.Encode()));
    }

    private static async Task<IResult> ExportAsync(
        [FromQuery(Name = "format")] string? format, [AsParameters] FeedQuery query, [AsParameters] FindingQuery filters,
        LlmObserveDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (format is null || !FindingFormatters.TryGet(format, out var formatter))
        {
            return Problems.Invalid($"format must be one of {string.Join(", ", ExportFormats.All)}.");
        }

        var (read, problem) = ReadFeedQuery(query, filters);
        if (problem is not null)
        {
            return problem;
        }

        var page = await FindingFeed.ReadAsync(db, read!.Filter, read.After, read.Limit, cancellationToken);
        var body = new StringBuilder();
        foreach (var finding in page.Items)
        {
            body.Append(formatter.Write(finding)).Append('\n');
        }

        http.Response.Headers[NextCursorHeader] = page.Next.Encode();
        var contentType = format == ExportFormats.Cef ? "text/plain; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        return TypedResults.Text(body.ToString(), contentType);
    }

    private sealed record FeedRead(FindingFilter Filter, FeedPosition? After, int Limit);

    private static (FeedRead? Read, ProblemHttpResult? Problem) ReadFeedQuery(FeedQuery query, FindingQuery filters)
    {
        if (PageRequest.TryReadLimit(query.Limit, out var limit) is { } invalid)
        {
            return (null, Problems.Invalid(invalid));
        }

        FeedPosition? after = null;
        if (query.Cursor is not null && !FeedPosition.TryDecode(query.Cursor, out after))
        {
            return (null, Problems.Invalid("cursor is not a value this feed returned as 'next'."));
        }

        var (filter, problem) = filters.Read(query.ClusterId, since: query.Since);
        return problem is not null ? (null, problem) : (new FeedRead(filter!, after, limit), null);
    }
}
