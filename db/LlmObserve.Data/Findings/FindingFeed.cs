using LlmObserve.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Data.Findings;

/// <summary>A page of the feed; <see cref="Next"/> is where to read on from, also when the page is empty.</summary>
public sealed record FeedPage<T>(IReadOnlyList<T> Items, FeedPosition Next);

/// <summary>
/// The findings feed for polling integrations and push destinations: findings in the order their
/// transactions committed, read only below the oldest transaction still running. A position handed
/// out never has an unread finding behind it, so paging by position returns every finding once,
/// while new ones are being stored. Tenant-scoped by the DbContext like every other query.
/// </summary>
public static class FindingFeed
{
    /// <summary>A page of export events (with their exchange's workload and call, and their cluster's name).</summary>
    public static Task<FeedPage<FindingEvent>> ReadAsync(
        LlmObserveDbContext db, FindingFilter filter, FeedPosition? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(db, filter, after, limit, rows => rows.ToEvents(db), e => e.Position, cancellationToken);

    /// <summary>A page of the findings themselves, without a join: for callers that need nothing of the exchange.</summary>
    public static Task<FeedPage<Finding>> ReadFindingsAsync(
        LlmObserveDbContext db, FindingFilter filter, FeedPosition? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(db, filter, after, limit, rows => rows, f => new FeedPosition(f.TxId, f.Id), cancellationToken);

    private static async Task<FeedPage<T>> ReadAsync<T>(
        LlmObserveDbContext db, FindingFilter filter, FeedPosition? after, int limit,
        Func<IQueryable<Finding>, IQueryable<T>> project, Func<T, FeedPosition> positionOf, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        // Taken before the read: every transaction below it has ended, so its rows are visible to
        // the read's (later) snapshot.
        var horizon = await VisibleHorizonAsync(db, cancellationToken);
        var start = after ?? await StartAsync(db, filter.Since, horizon, cancellationToken);
        var rows = filter.Apply(db.Findings.AsNoTracking())
            .Where(f => f.TxId < horizon
                && EF.Functions.GreaterThan(ValueTuple.Create(f.TxId, f.Id), ValueTuple.Create(start.TxId, start.Id)))
            .OrderBy(f => f.TxId).ThenBy(f => f.Id)
            .Take(limit);
        var items = await project(rows).ToListAsync(cancellationToken);

        // A short page has read everything below the horizon: the next read can start there.
        var next = items.Count == limit ? positionOf(items[^1]) : Max(start, FeedPosition.After(horizon));
        return new FeedPage<T>(items, next);
    }

    /// <summary>The findings as export events, with their exchange's workload and call and their cluster's name.</summary>
    public static IQueryable<FindingEvent> ToEvents(this IQueryable<Finding> findings, LlmObserveDbContext db) =>
        from f in findings
        join e in db.Exchanges on f.ExchangeId equals e.Id
        join c in db.Clusters on f.ClusterId equals c.Id
        select new FindingEvent
        {
            Id = f.Id,
            TenantId = f.TenantId,
            ClusterId = f.ClusterId,
            ClusterName = c.Name,
            NodeId = e.NodeId,
            NodeName = e.NodeName,
            ExchangeId = f.ExchangeId,
            CapturedAt = f.CapturedAt,
            CreatedAt = f.CreatedAt,
            RuleId = f.RuleId,
            Category = f.Category,
            Severity = f.Severity,
            Title = f.Title,
            Evidence = f.Evidence,
            Location = f.Location,
            EvidenceStart = f.EvidenceStart,
            EvidenceLength = f.EvidenceLength,
            Tags = f.Tags,
            Confidence = f.Confidence,
            Pid = e.Pid,
            Command = e.Command,
            Executable = e.Executable,
            ContainerId = e.ContainerId,
            Namespace = e.Namespace,
            Pod = e.Pod,
            LlmProvider = e.LlmProvider,
            LlmEndpoint = e.LlmEndpoint,
            LlmModel = e.LlmModel,
            Method = e.Method,
            Host = e.Host,
            Path = e.Path,
            RemoteAddress = e.RemoteAddress,
            RemotePort = e.RemotePort,
            ServerName = e.ServerName,
            Position = new FeedPosition(f.TxId, f.Id),
        };

    /// <summary>The oldest transaction id still running (or the next to be assigned): rows of smaller ids are final.</summary>
    public static Task<long> VisibleHorizonAsync(LlmObserveDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<long>($"SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS \"Value\"")
            .SingleAsync(cancellationToken);

    /// <summary>Where a read from <paramref name="since"/> starts: just before the first transaction that stored a finding since then.</summary>
    private static async Task<FeedPosition> StartAsync(LlmObserveDbContext db, DateTimeOffset? since, long horizon, CancellationToken cancellationToken)
    {
        if (since is null)
        {
            return FeedPosition.Start;
        }

        // Never past the horizon: a transaction between the horizon and the first visible finding
        // may still be running, and its findings (stored since then) must be read once it commits.
        var first = await db.Findings.Where(f => f.CreatedAt >= since).MinAsync(f => (long?)f.TxId, cancellationToken);
        return FeedPosition.After(Math.Min(first ?? horizon, horizon));
    }

    private static FeedPosition Max(FeedPosition a, FeedPosition b) =>
        a.TxId > b.TxId || (a.TxId == b.TxId && a.Id.CompareTo(b.Id) >= 0) ? a : b;
}
