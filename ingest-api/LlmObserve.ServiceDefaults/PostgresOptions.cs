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

    /// <summary>
    /// A service's <c>serve</c>: runs the host until it is shut down once the schema matches, else says why
    /// not on stderr and returns exit code 2.
    /// </summary>
    public static async Task<int> RunWhenSchemaCurrentAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.EnsureDatabaseSchemaAsync(cancellationToken);
        }
        catch (SchemaNotCurrentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await host.RunAsync(cancellationToken);
        return 0;
    }
}
