using LlmObserve.Administration.Audit;
using LlmObserve.Administration.Deploy;
using LlmObserve.Administration.Fleet;
using LlmObserve.Administration.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlmObserve.Administration;

/// <summary>Registration of the tenant-administration services in a host.</summary>
public static class AdministrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TenantFleet"/>, <see cref="FleetAdministration"/>, <see cref="TenantApiKeys"/>,
    /// <see cref="AuditLog"/>, <see cref="TenantRuleService"/> and <see cref="RuleDryRun"/> (scoped: one per request
    /// or circuit, like the DbContext they use), the <see cref="DeployOptions"/> (section <c>Deploy</c>, validated
    /// when the host starts) with the <see cref="CollectorDeployment"/> renderer (singleton), and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered already.
    /// <para>
    /// The host registers the rest itself, since only it knows its callers: the database
    /// (<c>AddLlmObserveDatabase</c>), an <see cref="Data.Tenancy.ITenantContext"/> that yields the tenant the
    /// caller acts for (every service here acts for that tenant only), and an <see cref="IAuditActorAccessor"/>
    /// that says who the caller is, for the audit log.
    /// </para>
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration, whose <c>Deploy</c> section configures the deploy instructions.</param>
    public static IServiceCollection AddTenantAdministration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AuditLog>();
        services.AddScoped<FleetAdministration>();
        services.AddScoped<TenantFleet>();
        services.AddScoped<TenantApiKeys>();
        services.AddScoped<TenantRuleService>();
        services.AddScoped<RuleDryRun>();
        services.AddCollectorDeployment();
        return services;
    }
}
