using LlmObserve.Data;
using LlmObserve.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// DbContexts for work done outside a request: one fixed to a destination's tenant (so the tenant
/// query filter scopes the feed exactly as for that tenant's API calls), or one for no tenant.
/// Built from the host's registered options, so they match the request-scoped ones.
/// </summary>
/// <remarks>
/// The registered options are scoped and carry the scope's provider (EF takes its logger factory
/// from it), so one scope is kept open for as long as this object lives. Thread-safe.
/// </remarks>
internal sealed class TenantDbContexts(IServiceScopeFactory scopes) : IDisposable
{
    private readonly Lazy<IServiceScope> _scope = new(scopes.CreateScope);

    public LlmObserveDbContext Create(Guid? tenantId)
    {
        var options = _scope.Value.ServiceProvider.GetRequiredService<DbContextOptions<LlmObserveDbContext>>();
        return new LlmObserveDbContext(options, tenantId is { } id ? new FixedTenantContext(id) : NoTenantContext.Instance);
    }

    public void Dispose()
    {
        if (_scope.IsValueCreated)
        {
            _scope.Value.Dispose();
        }
    }
}
