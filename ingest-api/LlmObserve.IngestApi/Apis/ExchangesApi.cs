using System.ComponentModel;
using System.Linq.Expressions;
using LlmObserve.Contracts.Capture;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Exchanges;
using LlmObserve.Detection.Conversations;
using LlmObserve.Detection.Engine;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

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

        var rows = db.Exchanges.AsQueryable();
        if (provider is not null)
        {
            rows = rows.Where(e => e.LlmProvider == provider);
        }

        if (model is not null)
        {
            rows = rows.Where(e => e.LlmModel == model);
        }

        return await Paging.ListAsync(rows, query, ToSummary, s => new KeysetCursor(s.CapturedAt, s.Id), cancellationToken);
    }

    private static async Task<Results<Ok<ExchangeDetail>, ProblemHttpResult>> GetAsync(
        Guid id, LlmObserveDbContext db, CancellationToken cancellationToken)
    {
        var e = await db.Exchanges.AsNoTracking().Include(x => x.Findings).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (e is null)
        {
            return Problems.NotFound($"No exchange {id}.");
        }

        var captured = e.ToCaptured();
        return TypedResults.Ok(new ExchangeDetail(
            SummaryOf(e),
            captured.Connection!,
            new StoredHttpMessage(StoredExchange.Headers(e.RequestHeaders), e.RequestBody, e.RequestBodyEncoding, e.RequestBodySize, e.RequestBodyTruncated, e.RequestLostBytes),
            e.StatusCode is null ? null : new StoredHttpMessage(
                StoredExchange.Headers(e.ResponseHeaders), e.ResponseBody, e.ResponseBodyEncoding ?? "utf8", e.ResponseBodySize, e.ResponseBodyTruncated, e.ResponseLostBytes),
            [.. e.Findings.OrderBy(f => f.Location, StringComparer.Ordinal).ThenBy(f => f.EvidenceStart).Select(FindingsApi.ItemOf)],
            ConversationOf(captured)));
    }

    // Read from the stored bodies each time, by the same normalizer the scanner used: the offsets of the
    // findings point into these texts.
    private static ConversationView ConversationOf(CapturedExchange exchange)
    {
        var c = ConversationNormalizer.Normalize(exchange);
        var fields = TextFields.All.Select(f => (f, Text: TextFields.Read(c, f))).Where(x => x.Text.Length > 0)
            .ToDictionary(x => x.f, x => x.Text, StringComparer.Ordinal);
        return new ConversationView(
            c.Provider, c.Model, Status(c.RequestStatus), Status(c.ResponseStatus), fields,
            c.Usage?.Input, c.Usage?.Output, c.FinishReason, c.ParseErrors);

        static string Status(ParseStatus status) => status.ToString().ToLowerInvariant();
    }

    private static readonly Expression<Func<Exchange, ExchangeSummary>> ToSummary = e => new ExchangeSummary(
        e.Id, e.ClusterId, e.NodeId, e.CapturedAt, e.CompletedAt, e.ReceivedAt, e.StoredAt, e.Source,
        new WorkloadIdentity
        {
            Node = e.NodeName,
            Pid = e.Pid,
            Command = e.Command,
            Executable = e.Executable,
            ContainerId = e.ContainerId,
            Pod = e.Pod,
            Namespace = e.Namespace,
        },
        e.Method, e.Host, e.Path, e.StatusCode, e.Streamed, e.RequestBodySize, e.ResponseBodySize, e.FindingCount,
        e.LlmProvider == null ? null : new LlmCall { Provider = e.LlmProvider, Endpoint = e.LlmEndpoint!, Model = e.LlmModel }); // endpoint is set with provider (check constraint)

    private static readonly Func<Exchange, ExchangeSummary> SummaryOf = ToSummary.Compile();
}
