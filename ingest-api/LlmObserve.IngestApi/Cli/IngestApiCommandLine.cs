using System.CommandLine;
using LlmObserve.Administration.Fleet;
using LlmObserve.Data.Migrations;
using LlmObserve.ServiceDefaults;

namespace LlmObserve.IngestApi.Cli;

/// <summary>
/// <c>LlmObserve.IngestApi</c> with no command serves the API; <c>migrate</c> applies database
/// migrations (the explicit step services never take by themselves); <c>admin …</c> creates
/// tenants, clusters, enrollment tokens and API keys.
/// </summary>
internal static class IngestApiCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("LlmObserve ingest-api: collector ingest, enrollment and the REST API v1.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(ServeAsync);

        var migrate = new Command("migrate", "Apply pending database migrations (idempotent; safe when several run at once).");
        migrate.SetAction(MigrateAsync);
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(AdminCommands.Create());
        return root;
    }

    private static Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken) =>
        IngestApiApp.Build([.. parse.UnmatchedTokens]).RunWhenSchemaCurrentAsync(cancellationToken);

    private static async Task<int> MigrateAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = AdminHost.Build([.. parse.UnmatchedTokens]);
        var applied = await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        Console.WriteLine(applied.Count == 0
            ? $"Database schema is current (version {SchemaMigrator.LatestVersion})."
            : $"Applied migration(s) {string.Join(", ", applied)}; schema is at version {SchemaMigrator.LatestVersion}.");
        return 0;
    }
}

/// <summary>A host with the database only, for commands (no web server, no bus).</summary>
internal static class AdminHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None); // commands report failures in one line of their own
        builder.Services.AddLlmObserveDatabase(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<FleetAdministration>();
        return builder.Build();
    }
}
