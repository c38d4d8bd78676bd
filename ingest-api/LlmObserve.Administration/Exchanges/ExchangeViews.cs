using System.Linq.Expressions;
using LlmObserve.Contracts.Capture;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Exchanges;
using LlmObserve.Detection.Conversations;
using LlmObserve.Detection.Engine;
using Microsoft.EntityFrameworkCore;
using Finding = LlmObserve.Data.Entities.Finding;

namespace LlmObserve.Administration.Exchanges;

/// <summary>
/// Stored exchanges and findings as people and API clients read them: the list rows, the full exchange with
/// its findings and conversation. One place for every host, so the REST API and the console show the same.
/// </summary>
public static class ExchangeViews
{
    /// <summary>An exchange's list row, as a projection EF Core translates to SQL.</summary>
    public static Expression<Func<Exchange, ExchangeSummary>> ToSummary { get; } = e => new ExchangeSummary(
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

    /// <summary>A finding as listed, as a projection EF Core translates to SQL.</summary>
    public static Expression<Func<Finding, FindingItem>> ToItem { get; } = f => new FindingItem(
        f.Id, f.ExchangeId, f.ClusterId, f.CapturedAt, f.CreatedAt, f.RuleId, f.Category, f.Severity,
        f.Title, f.Evidence, f.Location, f.EvidenceStart, f.EvidenceLength, f.Tags, f.Confidence,
        f.Namespace, f.Pod, f.LlmProvider, f.LlmModel);

    // Compiled once: the projections above, applied to rows already in memory.
    private static readonly Func<Exchange, ExchangeSummary> CompiledSummary = ToSummary.Compile();
    private static readonly Func<Finding, FindingItem> CompiledItem = ToItem.Compile();

    /// <summary>An exchange's list row, from a loaded exchange.</summary>
    public static ExchangeSummary SummaryOf(Exchange exchange) => CompiledSummary(exchange);

    /// <summary>A finding as listed, from a loaded finding.</summary>
    public static FindingItem ItemOf(Finding finding) => CompiledItem(finding);

    /// <summary>
    /// The exchange with its request, response, findings (by field, then by offset) and conversation. Its
    /// <see cref="Exchange.Findings"/> must be loaded: an exchange read without them shows none.
    /// </summary>
    public static ExchangeDetail DetailOf(Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var captured = exchange.ToCaptured();
        var request = new StoredHttpMessage(
            StoredExchange.Headers(exchange.RequestHeaders), exchange.RequestBody, exchange.RequestBodyEncoding,
            exchange.RequestBodySize, exchange.RequestBodyTruncated, exchange.RequestLostBytes);
        var response = exchange.StatusCode is null ? null : new StoredHttpMessage(
            StoredExchange.Headers(exchange.ResponseHeaders), exchange.ResponseBody, exchange.ResponseBodyEncoding ?? "utf8",
            exchange.ResponseBodySize, exchange.ResponseBodyTruncated, exchange.ResponseLostBytes);
        return new ExchangeDetail(
            SummaryOf(exchange),
            captured.Connection!,
            request,
            response,
            [.. exchange.Findings.OrderBy(f => f.Location, StringComparer.Ordinal).ThenBy(f => f.EvidenceStart).Select(ItemOf)],
            ConversationOf(captured));
    }

    /// <summary>
    /// The exchange read as a conversation. Read from the stored bodies each time, by the same normalizer the
    /// scanner used: the offsets of the findings point into these texts.
    /// </summary>
    public static ConversationView ConversationOf(CapturedExchange exchange)
    {
        var c = ConversationNormalizer.Normalize(exchange);
        var fields = TextFields.All.Select(f => (f, Text: TextFields.Read(c, f))).Where(x => x.Text.Length > 0)
            .ToDictionary(x => x.f, x => x.Text, StringComparer.Ordinal);
        return new ConversationView(
            c.Provider, c.Model, Status(c.RequestStatus), Status(c.ResponseStatus), fields,
            c.Usage?.Input, c.Usage?.Output, c.FinishReason, c.ParseErrors);

        static string Status(ParseStatus status) => status.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// The exchange of this id with its findings, or null when there is none: for the caller's tenant only when
    /// <paramref name="db"/> is a tenant-filtered context, as every host's is.
    /// </summary>
    public static async Task<ExchangeDetail?> FindDetailAsync(this LlmObserveDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Split: one JOIN would repeat the exchange's bodies (up to megabytes) once per finding.
        var exchange = await db.Exchanges.AsNoTracking().Include(x => x.Findings).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return exchange is null ? null : DetailOf(exchange);
    }
}
