using System.ComponentModel;
using System.Text.Json;
using LlmObserve.Data.Paging;
using LlmObserve.Administration;
using LlmObserve.Data;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

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

        if (action is { Length: > 100 } || (action?.Contains('\0', StringComparison.Ordinal) ?? false))
        {
            return Problems.Invalid("action must be at most 100 characters.");
        }

        var events = db.AuditEvents.AsNoTracking();
        if (action is not null)
        {
            events = action.EndsWith('.')
                ? events.Where(e => e.Action.StartsWith(action))
                : events.Where(e => e.Action == action);
        }

        events = from is { } f ? events.Where(e => e.OccurredAt >= f) : events;
        events = to is { } t ? events.Where(e => e.OccurredAt < t) : events;
        if (page.After is { } c)
        {
            events = events.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(c.At, c.Id)));
        }

        var rows = await events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var items = rows.ConvertAll(e => new AuditEventItem(e.Id, e.OccurredAt, e.ActorType, e.ActorId, e.ActorName, e.Action,
            e.TargetType, e.TargetId, e.RemoteAddress,
            e.Details is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(e.Details)));
        return TypedResults.Ok(Paging.ToPage(items, page.Limit, e => new KeysetCursor(e.OccurredAt, e.Id)));
    }
}
