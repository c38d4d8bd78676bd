using LlmObserve.Contracts.Findings;
using LlmObserve.Data;
using LlmObserve.Data.Findings;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Web.Live;

/// <summary>
/// What the pages poll to change without a reload: findings stored since the page was drawn, and
/// whether a new cluster's first collector has reported. Same cookie, same tenant filter as the pages.
/// </summary>
internal static class LiveEndpoints
{
    public const int MaxItems = 50;

    public static void MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var live = app.MapGroup("/live");
        live.MapGet("/findings", FindingsSinceAsync);
        live.MapGet("/clusters/{id:guid}", ClusterStatusAsync);
    }

    /// <summary>
    /// Findings committed after <paramref name="after"/> (a <see cref="FeedPosition"/>), in commit order: the SIEM
    /// feed's reading, so a finding whose transaction commits late still appears, once.
    /// </summary>
    private static async Task<IResult> FindingsSinceAsync(string? after, LlmObserveDbContext db, CancellationToken ct)
    {
        if (!FeedPosition.TryDecode(after, out var position))
        {
            return TypedResults.Problem("'after' is not a position this console gave.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        var page = await FindingFeed.ReadFindingsAsync(db, new FindingFilter(), position, MaxItems, ct);
        var items = page.Items
            .Select(f => new LiveFinding(f.Id, f.ExchangeId, f.CapturedAt, f.CreatedAt, f.Severity, f.Category, f.RuleId, f.Title, f.Namespace, f.Pod, f.LlmModel))
            .ToList();
        return TypedResults.Ok(new LiveFindings(items, page.Next.Encode()));
    }

    /// <summary>Where a page's live list starts: after everything already committed when the page is drawn.</summary>
    public static async Task<string> StartAsync(LlmObserveDbContext db, CancellationToken ct) =>
        FeedPosition.After(await FindingFeed.VisibleHorizonAsync(db, ct)).Encode();

    private static async Task<IResult> ClusterStatusAsync(Guid id, LlmObserveDbContext db, CancellationToken ct)
    {
        if (!await db.Clusters.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var nodes = await db.Nodes.AsNoTracking().Where(n => n.ClusterId == id)
            .Select(n => new { n.Name, n.LastHeartbeatAt }).ToListAsync(ct);
        var first = nodes.Where(n => n.LastHeartbeatAt is not null).OrderBy(n => n.LastHeartbeatAt).FirstOrDefault();
        return TypedResults.Ok(new LiveClusterStatus(nodes.Count, first is not null, first?.Name, first?.LastHeartbeatAt));
    }
}

internal sealed record LiveFinding(
    Guid Id, Guid ExchangeId, DateTimeOffset CapturedAt, DateTimeOffset CreatedAt, FindingSeverity Severity,
    string Category, string RuleId, string Title, string? Namespace, string? Pod, string? Model);

internal sealed record LiveFindings(IReadOnlyList<LiveFinding> Items, string Next);

internal sealed record LiveClusterStatus(int Nodes, bool Reporting, string? FirstNode, DateTimeOffset? FirstHeartbeatAt);
