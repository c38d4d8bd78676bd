namespace LlmObserve.Data.Tenancy;

/// <summary>
/// The tenant the current unit of work acts for. Resolved once, by authentication, and read by
/// the tenant query filter of <see cref="LlmObserveDbContext"/>; never taken from a request body.
/// </summary>
public interface ITenantContext
{
    /// <summary>Null when no tenant is known: tenant-owned queries then return nothing.</summary>
    Guid? TenantId { get; }
}

/// <summary>For services and commands that act for no tenant (the scanner worker, admin commands, credential lookups).</summary>
public sealed class NoTenantContext : ITenantContext
{
    public static readonly NoTenantContext Instance = new();

    public Guid? TenantId => null;
}

/// <summary>A fixed tenant, for commands and tests that act for one tenant.</summary>
public sealed class FixedTenantContext(Guid tenantId) : ITenantContext
{
    public Guid? TenantId { get; } = tenantId;
}
