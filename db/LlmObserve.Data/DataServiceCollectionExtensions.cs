using LlmObserve.Data.Exchanges;
using LlmObserve.Data.Migrations;
using LlmObserve.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LlmObserve.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="NpgsqlDataSource"/>, the DbContext, the migrator and the bulk
    /// writer. Hosts that act for a tenant register their own scoped <see cref="ITenantContext"/>
    /// first; everything else gets <see cref="NoTenantContext"/>, which reads no tenant's rows.
    /// </summary>
    public static IServiceCollection AddLlmObserveData(this IServiceCollection services, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= AppDomain.CurrentDomain.FriendlyName;
        services.AddSingleton(builder.Build());
        services.TryAddSingleton<ITenantContext>(NoTenantContext.Instance);
        services.AddDbContext<LlmObserveDbContext>((sp, options) => options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ExchangeWriter>();
        services.AddSingleton<Rules.TenantRuleStore>();
        return services;
    }

    public static IHealthChecksBuilder AddPostgres(this IHealthChecksBuilder builder) =>
        builder.AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable", e);
        }
    }
}
