using System.Linq.Expressions;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.IngestApi.Apis;

/// <summary>Findings of the caller's tenant (the tenant filter of the DbContext scopes every query).</summary>
internal static class FindingsApi
{
    public static void MapFindingsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/findings", ListAsync)
            .RequireAuthorization(ApiScopes.FindingsRead)
            .WithTags("Findings")
            .WithName("ListFindings")
            .WithSummary("List findings, newest exchange first")
            .WithDescription("Filters by cluster and the capture time of the exchange; cursor paging. Needs scope findings:read.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<Page<FindingItem>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ListQuery query, LlmObserveDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.TryRead(query, out var limit, out var cursor) is { } problem)
        {
            return problem;
        }

        var q = db.Findings.AsNoTracking();
        if (query.ClusterId is { } cluster)
        {
            q = q.Where(f => f.ClusterId == cluster);
        }

        if (query.From is { } from)
        {
            q = q.Where(f => f.ExchangeCapturedAt >= from);
        }

        if (query.To is { } to)
        {
            q = q.Where(f => f.ExchangeCapturedAt < to);
        }

        if (cursor is { } c)
        {
            q = q.Where(f => EF.Functions.LessThan(ValueTuple.Create(f.ExchangeCapturedAt, f.Id), ValueTuple.Create(c.At, c.Id)));
        }

        var rows = await q.OrderByDescending(f => f.ExchangeCapturedAt).ThenByDescending(f => f.Id)
            .Take(limit + 1).Select(ToItem).ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, limit, f => new KeysetCursor(f.ExchangeCapturedAt, f.Id)));
    }

    internal static readonly Expression<Func<Finding, FindingItem>> ToItem = f => new FindingItem(
        f.Id, f.ExchangeId, f.ClusterId, f.ExchangeCapturedAt, f.CreatedAt, f.RuleId, f.Category, f.Severity,
        f.Title, f.Evidence, f.Location, f.EvidenceStart, f.EvidenceLength);

    internal static readonly Func<Finding, FindingItem> ItemOf = ToItem.Compile();
}
