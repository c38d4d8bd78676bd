using System.Text.Json;
using LlmObserve.Administration.Audit;
using LlmObserve.Contracts.Capture;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Fleet;

/// <summary>
/// The caller's tenant's fleet, as the REST API and the console show it: clusters, enrollment tokens, nodes.
/// Reads go through the DbContext's tenant filter, so another tenant's id is simply not found;
/// every write is audited in its own transaction.
/// </summary>
public sealed class TenantFleet(LlmObserveDbContext db, ITenantContext tenant, FleetAdministration fleet, AuditLog audit, TimeProvider clock)
{
    /// <summary>A node without a heartbeat or batch for this long is reported stale.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<ClusterItem>> ListClustersAsync(CancellationToken cancellationToken) =>
        await ClusterItems(db.Clusters).ToListAsync(cancellationToken);

    public Task<ClusterItem?> GetClusterAsync(Guid id, CancellationToken cancellationToken) =>
        ClusterItems(db.Clusters.Where(c => c.Id == id)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The new cluster, or null when the tenant already has one of that name.</summary>
    public async Task<ClusterItem?> CreateClusterAsync(string name, CancellationToken cancellationToken)
    {
        if (await db.Clusters.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var cluster = await fleet.CreateClusterAsync(TenantId, name, cancellationToken);
            await audit.SaveAsync("cluster.create", "cluster", cluster.Id.ToString(), AuditLog.Details(("name", name)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ClusterItem(cluster.Id, cluster.Name, cluster.CreatedAt, 0, null);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return null; // created by a concurrent request since the check above
        }
    }

    /// <summary>The cluster's tokens, newest first; null when the tenant has no such cluster.</summary>
    public async Task<IReadOnlyList<EnrollmentTokenItem>?> ListEnrollmentTokensAsync(Guid clusterId, CancellationToken cancellationToken)
    {
        if (!await db.Clusters.AnyAsync(c => c.Id == clusterId, cancellationToken))
        {
            return null;
        }

        var rows = await db.EnrollmentTokens.AsNoTracking().Where(t => t.ClusterId == clusterId)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        return [.. rows.Select(TokenItem)];
    }

    /// <summary>The issued token, or null when the tenant has no such cluster.</summary>
    public async Task<IssuedSecretResponse<EnrollmentTokenItem>?> CreateEnrollmentTokenAsync(
        Guid clusterId, TimeSpan lifetime, int maxUses, string? description, CancellationToken cancellationToken)
    {
        var cluster = await db.Clusters.FirstOrDefaultAsync(c => c.Id == clusterId, cancellationToken);
        if (cluster is null)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var issued = await fleet.CreateEnrollmentTokenAsync(cluster, lifetime, maxUses, description, cancellationToken);
        await audit.SaveAsync("enrollment_token.create", "enrollment_token", issued.Id.ToString(),
            AuditLog.Details(("clusterId", clusterId.ToString()), ("expiresAt", issued.ExpiresAt?.ToString("O")), ("maxUses", maxUses.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var row = await db.EnrollmentTokens.AsNoTracking().FirstAsync(t => t.Id == issued.Id, cancellationToken);
        return new IssuedSecretResponse<EnrollmentTokenItem>(TokenItem(row), issued.Token);
    }

    /// <summary>Revokes the token (idempotent); null when the tenant has no such token.</summary>
    public async Task<EnrollmentTokenItem?> RevokeEnrollmentTokenAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        var row = await db.EnrollmentTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (row.RevokedAt is null)
        {
            row.RevokedAt = clock.GetUtcNow();
            await audit.SaveAsync("enrollment_token.revoke", "enrollment_token", tokenId.ToString(), AuditLog.Details(("clusterId", row.ClusterId.ToString())), cancellationToken);
        }

        return TokenItem(row);
    }

    public async Task<IReadOnlyList<NodeItem>> ListNodesAsync(Guid? clusterId, CancellationToken cancellationToken)
    {
        var nodes = db.Nodes.AsQueryable();
        if (clusterId is { } id)
        {
            nodes = nodes.Where(n => n.ClusterId == id);
        }

        return await NodeItemsAsync(nodes.OrderBy(n => n.Name), cancellationToken);
    }

    public async Task<NodeItem?> GetNodeAsync(Guid id, CancellationToken cancellationToken) =>
        (await NodeItemsAsync(db.Nodes.Where(n => n.Id == id), cancellationToken)).FirstOrDefault();

    /// <summary>
    /// Revokes every credential of the node at once, and keeps the node revoked: enrolling under its
    /// name is refused until <see cref="ReadmitNodeAsync"/>. Null when the tenant has no such node.
    /// </summary>
    public async Task<NodeItem?> RevokeNodeAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The node row first: an enrollment under way waits for it, then sees the node revoked.
        if (await db.Nodes.Where(n => n.Id == nodeId).ExecuteUpdateAsync(s => s.SetProperty(n => n.RevokedAt, n => n.RevokedAt ?? now), cancellationToken) == 0)
        {
            return null;
        }

        var revoked = await db.NodeCredentials.Where(c => c.NodeId == nodeId && (c.RevokedAt == null || c.RevokedAt > now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), cancellationToken);
        await audit.SaveAsync("node.revoke", "node", nodeId.ToString(),
            AuditLog.Details(("credentialsRevoked", revoked.ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await GetNodeAsync(nodeId, cancellationToken);
    }

    /// <summary>Lets a revoked node enroll again (its collector does so with its enrollment token). Null when the tenant has no such node.</summary>
    public async Task<NodeItem?> ReadmitNodeAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Nodes.Where(n => n.Id == nodeId).ExecuteUpdateAsync(s => s.SetProperty(n => n.RevokedAt, (DateTimeOffset?)null), cancellationToken) == 0)
        {
            return null;
        }

        await audit.SaveAsync("node.readmit", "node", nodeId.ToString(), null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await GetNodeAsync(nodeId, cancellationToken);
    }

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("No tenant.");

    private IQueryable<ClusterItem> ClusterItems(IQueryable<Cluster> clusters) =>
        from c in clusters.AsNoTracking()
        orderby c.Name
        select new ClusterItem(c.Id, c.Name, c.CreatedAt,
            db.Nodes.Count(n => n.ClusterId == c.Id),
            db.Nodes.Where(n => n.ClusterId == c.Id).Max(n => n.LastSeenAt));

    private EnrollmentTokenItem TokenItem(EnrollmentToken t)
    {
        var now = clock.GetUtcNow();
        var status = t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : t.Uses >= t.MaxUses ? "exhausted" : "active";
        return new EnrollmentTokenItem(t.Id, t.ClusterId, t.Description, t.CreatedAt, t.ExpiresAt, t.MaxUses, t.Uses, t.RevokedAt, status);
    }

    private async Task<List<NodeItem>> NodeItemsAsync(IQueryable<Node> nodes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await nodes.AsNoTracking()
            .Select(n => new { Node = n, Live = db.NodeCredentials.Any(c => c.NodeId == n.Id && (c.RevokedAt == null || c.RevokedAt > now)) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var n = r.Node;
            var status = !r.Live || n.RevokedAt is not null ? "revoked" : n.LastSeenAt is null || now - n.LastSeenAt > StaleAfter ? "stale" : "active";
            return new NodeItem(n.Id, n.ClusterId, n.Name, n.EnrolledAt, n.LastSeenAt, n.LastHeartbeatAt, n.StartedAt, n.CollectorVersion, n.KernelVersion,
                Parse(n.Targets, CaptureJson.Default.IReadOnlyDictionaryStringString), Parse(n.Counters, CaptureJson.Default.IReadOnlyDictionaryStringInt64), status);
        })];
    }

    private static T? Parse<T>(string? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        json is null ? null : JsonSerializer.Deserialize(json, type);
}
