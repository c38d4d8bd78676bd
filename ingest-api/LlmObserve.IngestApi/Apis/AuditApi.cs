using System.ComponentModel;
using LlmObserve.Administration;
using LlmObserve.Administration.Audit;
using LlmObserve.Data;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>The tenant's audit log: every administrative action, newest first. Needs scope admin.</summary>
internal static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder v1) =>
        v1.MapGet("/audit", ListAsync)
            .RequireAuthorization(ApiScopes.Admin)
            .ProducesAuthProblems()
            .WithTags("Audit")
            .WithName("ListAuditEvents")
            .WithSummary("List administrative actions, newest first")
            .WithDescription("Who (API key, node or command line), what (action and target), when and from which address: clusters, " +
                "enrollment tokens, nodes, API keys, rules and destinations. Filters by action and time; cursor paging. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Page<AuditEventItem>>, ProblemHttpResult>> ListAsync(
        [FromQuery(Name = "action"), Description("Only this action (api_key.create …), or every action of a noun with a trailing dot (api_key.).")] string? action,
        [FromQuery(Name = "from"), Description("Only actions at or after this time (ISO 8601).")] DateTimeOffset? from,
        [FromQuery(Name = "to"), Description("Only actions before this time (ISO 8601).")] DateTimeOffset? to,
        [FromQuery(Name = "limit"), Description("Page size, 1 to 500 (default 100).")] int? limit,
        [FromQuery(Name = "cursor"), Description("The 'next' value of the previous page.")] string? cursor,
        LlmObserveDbContext db,
        CancellationToken cancellationToken)
    {
        if (PageRequest.TryRead(limit, cursor, out var page) is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        if (AuditTrail.ActionProblem(action) is { } problem)
        {
            return Problems.Invalid(problem);
        }

        var events = await db.AuditEvents.PageAsync(action, from, to, page.After, page.Limit, cancellationToken);
        return TypedResults.Ok(new Page<AuditEventItem>(events.Items, events.Next?.Encode()));
    }
}
