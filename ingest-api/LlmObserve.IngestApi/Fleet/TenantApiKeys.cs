using LlmObserve.Contracts.Enrollment;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Audit;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.IngestApi.Fleet;

/// <summary>The caller's tenant's API keys: listed without secrets, created (the token shown once), revoked; audited.</summary>
internal sealed class TenantApiKeys(LlmObserveDbContext db, ITenantContext tenant, FleetAdministration fleet, AuditLog audit, TimeProvider clock)
{
    public Task<List<ApiKeyItem>> ListAsync(CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyItem(k.Id, k.Name, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);

    public Task<ApiKeyItem?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().Where(k => k.Id == id)
            .Select(k => new ApiKeyItem(k.Id, k.Name, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IssuedSecretResponse<ApiKeyItem>> CreateAsync(string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("No tenant.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var issued = await fleet.CreateApiKeyAsync(tenantId, name, scopes, cancellationToken);
        await audit.SaveAsync("api_key.create", "api_key", issued.Id.ToString(),
            TenantFleet.Details(("name", name), ("scopes", string.Join(' ', scopes))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var item = await GetAsync(issued.Id, cancellationToken);
        return new IssuedSecretResponse<ApiKeyItem>(item!, issued.Token);
    }

    /// <summary>Revokes the key (idempotent): it is refused from the next request on. Null when the tenant has no such key.</summary>
    public async Task<ApiKeyItem?> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return null;
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await audit.SaveAsync("api_key.revoke", "api_key", id.ToString(), TenantFleet.Details(("name", key.Name)), cancellationToken);
        }

        return new ApiKeyItem(key.Id, key.Name, key.Scopes, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
    }
}

/// <summary>A collector replaces its own credential: the new one works at once, the old one a few seconds more.</summary>
internal sealed class NodeCredentialRotation(LlmObserveDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>How long the replaced credential keeps working, for requests already under way with it.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    /// <summary>The new credential; null when the calling one was revoked or replaced since it was checked.</summary>
    public async Task<RotatedCredential?> RotateAsync(Guid nodeId, Guid currentCredentialId, CancellationToken cancellationToken)
    {
        var token = Data.Security.IssuedSecret.Generate(Data.Security.IssuedSecret.NodeCredentialPrefix);
        var now = clock.GetUtcNow();
        var expires = now + Overlap;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The node row first, as a revocation takes it: the two cannot interleave, so a revocation
        // either sees the new credential or makes this update match nothing. Then the calling
        // credential, only if still live without an overlap of its own (a replaced one cannot rotate).
        if (await db.Nodes.Where(n => n.Id == nodeId && n.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.LastSeenAt, now), cancellationToken) == 0
            || await db.NodeCredentials.Where(c => c.Id == currentCredentialId && c.NodeId == nodeId && c.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, expires), cancellationToken) == 0)
        {
            return null;
        }

        // Any other credential still in an overlap ends now: only the caller's gets the grace.
        await db.NodeCredentials.Where(c => c.NodeId == nodeId && c.Id != currentCredentialId && (c.RevokedAt == null || c.RevokedAt > now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), cancellationToken);
        var current = await db.NodeCredentials.AsNoTracking().FirstAsync(c => c.Id == currentCredentialId, cancellationToken);
        var issued = new NodeCredential
        {
            Id = Guid.CreateVersion7(),
            TenantId = current.TenantId,
            ClusterId = current.ClusterId,
            NodeId = nodeId,
            SecretHash = Data.Security.IssuedSecret.Hash(token),
            CreatedAt = now,
        };
        db.NodeCredentials.Add(issued);
        await audit.SaveAsync("node.credential.rotate", "node", nodeId.ToString(), TenantFleet.Details(("credentialId", issued.Id.ToString())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RotatedCredential(nodeId, token, expires);
    }
}
