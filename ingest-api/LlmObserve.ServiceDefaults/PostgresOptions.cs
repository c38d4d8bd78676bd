using System.ComponentModel.DataAnnotations;
using LlmObserve.Data;
using LlmObserve.Data.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmObserve.ServiceDefaults;

public sealed class PostgresOptions
{
    public const string Section = "Postgres";

    /// <summary>An Npgsql connection string.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";
}

public static class DatabaseHostExtensions
{
    public static IServiceCollection AddLlmObserveDatabase(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLlmObserveData(configuration.GetValidated<PostgresOptions>(PostgresOptions.Section).ConnectionString);

    /// <summary>Refuses to start against a schema this build does not match; migrating is an explicit step.</summary>
    public static Task EnsureDatabaseSchemaAsync(this IHost host, CancellationToken cancellationToken = default) =>
        host.Services.GetRequiredService<SchemaMigrator>().EnsureCurrentAsync(cancellationToken);
}
