using LlmObserve.Contracts.Findings;
using LlmObserve.Data;
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

    /// <summary>Findings stored after <paramref name="after"/> (a <see cref="LivePosition"/>), oldest first.</summary>
    private static async Task<IResult> FindingsSinceAsync(string? after, LlmObserveDbContext db, CancellationToken ct)
    {
        if (!LivePosition.TryParse(after, out var position))
        {
            return TypedResults.Problem("'after' is not a position this console gave.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        var rows = await db.Findings.AsNoTracking()
            .Where(f => f.CreatedAt > position.CreatedAt || (f.CreatedAt == position.CreatedAt && f.Id.CompareTo(position.Id) > 0))
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).Take(MaxItems)
            .Select(f => new LiveFinding(f.Id, f.ExchangeId, f.CapturedAt, f.CreatedAt, f.Severity, f.Category, f.RuleId, f.Title, f.Namespace, f.Pod, f.LlmModel))
            .ToListAsync(ct);
        var next = rows.Count == 0 ? position : new LivePosition(rows[^1].CreatedAt, rows[^1].Id);
        return TypedResults.Ok(new LiveFindings(rows, next.ToString()));
    }

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
