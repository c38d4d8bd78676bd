using System.ComponentModel;
using LlmObserve.Data.Paging;
using LlmObserve.Administration;
using LlmObserve.Administration.Exchanges;
using LlmObserve.Data;
using LlmObserve.Data.Exchanges;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>Stored exchanges of the caller's tenant (the tenant filter of the DbContext scopes every query).</summary>
internal static class ExchangesApi
{
    public static void MapExchangesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/exchanges").WithTags("Exchanges").RequireAuthorization(ApiScopes.ExchangesRead)
            .ProducesAuthProblems();

        group.MapGet("/", ListAsync)
            .WithName("ListExchanges")
            .WithSummary("List captured exchanges, newest first")
            .WithDescription("Filters by cluster, capture time, LLM provider and model; cursor paging. Needs scope exchanges:read.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetExchange")
            .WithSummary("One exchange with its request, response and findings")
            .WithDescription("Needs scope exchanges:read. 404 when no exchange of the caller's tenant has this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Page<ExchangeSummary>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ListQuery query,
        [FromQuery(Name = "provider"), Description("Only calls to this LLM provider, as the collector named it (openai, anthropic …).")] string? provider,
        [FromQuery(Name = "model"), Description("Only calls that asked for this model (exact match).")] string? model,
        LlmObserveDbContext db,
        CancellationToken cancellationToken)
    {
        if ($"{provider}{model}".Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL text cannot hold NUL: the query would fail with a server error rather than find nothing.
            return TypedResults.Problem("provider and model cannot contain NUL.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        var rows = new ExchangeFilter { Provider = provider, Model = model }.Apply(db.Exchanges);
        return await Paging.ListAsync(rows, query, ExchangeViews.ToSummary, s => new KeysetCursor(s.CapturedAt, s.Id), cancellationToken);
    }

    private static async Task<Results<Ok<ExchangeDetail>, ProblemHttpResult>> GetAsync(
        Guid id, LlmObserveDbContext db, CancellationToken cancellationToken) =>
        await db.FindDetailAsync(id, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound($"No exchange {id}.");
}
