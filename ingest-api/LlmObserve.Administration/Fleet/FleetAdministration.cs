using LlmObserve.Administration.Audit;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Fleet;

/// <summary>A secret we issued, returned once to be shown once; only its hash is stored.</summary>
public sealed record IssuedToken(Guid Id, string Token, DateTimeOffset? ExpiresAt);

/// <summary>
/// Administrative writes: tenants, clusters, enrollment tokens, API keys. Acts for no tenant, so
/// it names tenants explicitly and looks them up across the tenant filter.
/// </summary>
public sealed class FleetAdministration(LlmObserveDbContext db, TimeProvider clock)
{
    public async Task<Tenant> CreateTenantAsync(string name, CancellationToken cancellationToken)
    {
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = name, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        return tenant;
    }

    public async Task<Cluster> CreateClusterAsync(Guid tenantId, string name, CancellationToken cancellationToken)
    {
        var cluster = new Cluster { Id = Guid.CreateVersion7(), TenantId = tenantId, Name = name, CreatedAt = clock.GetUtcNow() };
        db.Clusters.Add(cluster);
        await db.SaveChangesAsync(cancellationToken);
        return cluster;
    }

    public async Task<IssuedToken> CreateEnrollmentTokenAsync(Cluster cluster, TimeSpan lifetime, int maxUses, string? description, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var token = IssuedSecret.Generate(IssuedSecret.EnrollmentTokenPrefix);
        var now = clock.GetUtcNow();
        var row = new EnrollmentToken
        {
            Id = Guid.CreateVersion7(),
            TenantId = cluster.TenantId,
            ClusterId = cluster.Id,
            SecretHash = IssuedSecret.Hash(token),
            Description = description,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            MaxUses = maxUses,
        };
        db.EnrollmentTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(row.Id, token, row.ExpiresAt);
    }

    public async Task<IssuedToken> CreateApiKeyAsync(Guid tenantId, string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var token = IssuedSecret.Generate(IssuedSecret.ApiKeyPrefix);
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = name,
            SecretHash = IssuedSecret.Hash(token),
            Scopes = [.. scopes.Distinct(StringComparer.Ordinal)],
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(row.Id, token, null);
    }

    /// <summary>Records an action taken on the command line in the tenant's audit log (actor: the operating-system user).</summary>
    public async Task RecordCommandLineActionAsync(Guid tenantId, string action, string targetType, Guid targetId, CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            OccurredAt = clock.GetUtcNow(),
            ActorType = AuditActors.Cli,
            ActorName = Environment.UserName,
            Action = action,
            TargetType = targetType,
            TargetId = targetId.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A tenant by id or, failing that, by name.</summary>
    public Task<Tenant?> FindTenantAsync(string idOrName, CancellationToken cancellationToken) =>
        Guid.TryParse(idOrName, out var id)
            ? db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            : db.Tenants.FirstOrDefaultAsync(t => t.Name == idOrName, cancellationToken);

    /// <summary>A cluster of the tenant by id or, failing that, by name.</summary>
    public Task<Cluster?> FindClusterAsync(Guid tenantId, string idOrName, CancellationToken cancellationToken)
    {
        var clusters = db.Clusters.IgnoreQueryFilters().Where(c => c.TenantId == tenantId);
        return Guid.TryParse(idOrName, out var id)
            ? clusters.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : clusters.FirstOrDefaultAsync(c => c.Name == idOrName, cancellationToken);
    }

    /// <summary>True when the token is a live API key of the tenant.</summary>
    public Task<bool> IsLiveApiKeyAsync(Guid tenantId, string token, CancellationToken cancellationToken)
    {
        var hash = IssuedSecret.Hash(token);
        return db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.TenantId == tenantId && k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
    }

    /// <summary>True when the token is an enrollment token of the cluster that can still be used for at least a day.</summary>
    public Task<bool> IsLiveEnrollmentTokenAsync(Guid clusterId, string token, CancellationToken cancellationToken)
    {
        var hash = IssuedSecret.Hash(token);
        var horizon = clock.GetUtcNow().AddDays(1);
        return db.EnrollmentTokens.IgnoreQueryFilters().AnyAsync(
            t => t.ClusterId == clusterId && t.SecretHash == hash && t.RevokedAt == null && t.ExpiresAt > horizon && t.Uses < t.MaxUses,
            cancellationToken);
    }
}
