using LlmObserve.Administration.Audit;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Fleet;

/// <summary>The caller's tenant's API keys: listed without secrets, created (the token shown once), revoked; audited.</summary>
public sealed class TenantApiKeys(LlmObserveDbContext db, ITenantContext tenant, FleetAdministration fleet, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyItem>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt)
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
            AuditLog.Details(("name", name), ("scopes", string.Join(' ', scopes))), cancellationToken);
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
            await audit.SaveAsync("api_key.revoke", "api_key", id.ToString(), AuditLog.Details(("name", key.Name)), cancellationToken);
        }

        return new ApiKeyItem(key.Id, key.Name, key.Scopes, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
    }
}
