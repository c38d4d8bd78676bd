using System.Linq.Expressions;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static Task<Results<Ok<Page<FindingItem>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ListQuery query, LlmObserveDbContext db, CancellationToken cancellationToken) =>
        Paging.ListAsync(db.Findings, query, ToItem, f => new KeysetCursor(f.ExchangeCapturedAt, f.Id), cancellationToken);

    internal static readonly Expression<Func<Finding, FindingItem>> ToItem = f => new FindingItem(
        f.Id, f.ExchangeId, f.ClusterId, f.CapturedAt, f.CreatedAt, f.RuleId, f.Category, f.Severity,
        f.Title, f.Evidence, f.Location, f.EvidenceStart, f.EvidenceLength, f.Tags, f.Confidence);

    internal static readonly Func<Finding, FindingItem> ItemOf = ToItem.Compile();
}
