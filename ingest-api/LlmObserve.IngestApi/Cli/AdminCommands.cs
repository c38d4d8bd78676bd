using LlmObserve.Administration;
using System.CommandLine;
using LlmObserve.Administration.Fleet;
using LlmObserve.Data.Entities;
using LlmObserve.IngestApi.Auth;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LlmObserve.IngestApi.Cli;

/// <summary>
/// <c>admin</c> commands. Secrets are printed once, here, and stored hashed; there is no way to
/// show them again, only to issue new ones.
/// </summary>
internal static class AdminCommands
{
    private static readonly Option<string> TenantOption = new("--tenant") { Description = "Tenant id or name", Required = true };
    private static readonly Option<string> ClusterOption = new("--cluster") { Description = "Cluster id or name", Required = true };
    private static readonly Option<string> NameOption = new("--name") { Description = "Name", Required = true };

    public static Command Create()
    {
        var tenantCreate = new Command("create", "Create a tenant.") { NameOption };
        tenantCreate.SetAction((p, ct) => RunAsync(p, async (fleet, _) =>
        {
            var tenant = await fleet.CreateTenantAsync(p.GetRequiredValue(NameOption), ct);
            Console.WriteLine($"Tenant '{tenant.Name}' created: {tenant.Id}");
        }));

        var clusterCreate = new Command("create", "Create a cluster of a tenant.") { TenantOption, NameOption };
        clusterCreate.SetAction((p, ct) => RunAsync(p, async (fleet, _) =>
        {
            var tenant = await RequireTenantAsync(fleet, p, ct);
            var cluster = await fleet.CreateClusterAsync(tenant.Id, p.GetRequiredValue(NameOption), ct);
            await fleet.RecordCommandLineActionAsync(tenant.Id, "cluster.create", "cluster", cluster.Id, ct);
            Console.WriteLine($"Cluster '{cluster.Name}' of tenant '{tenant.Name}' created: {cluster.Id}");
        }));

        var ttl = new Option<string>("--ttl") { Description = "Lifetime: 30m, 24h, 7d …", DefaultValueFactory = _ => "24h" };
        var maxUses = new Option<int>("--max-uses") { Description = "How many nodes may enroll with it", DefaultValueFactory = _ => 1 };
        var description = new Option<string?>("--description") { Description = "What the token is for" };
        var tokenCreate = new Command("create", "Create a cluster enrollment token (printed once).") { TenantOption, ClusterOption, ttl, maxUses, description };
        tokenCreate.SetAction((p, ct) => RunAsync(p, async (fleet, _) =>
        {
            var tenant = await RequireTenantAsync(fleet, p, ct);
            var cluster = await fleet.FindClusterAsync(tenant.Id, p.GetRequiredValue(ClusterOption), ct)
                ?? throw new AdminException($"Tenant '{tenant.Name}' has no cluster '{p.GetValue(ClusterOption)}'.");
            var lifetime = Durations.Parse(p.GetRequiredValue(ttl)) ?? throw new AdminException($"--ttl '{p.GetValue(ttl)}' is not a duration such as 30m, 24h or 7d.");
            if (p.GetValue(maxUses) < 1)
            {
                throw new AdminException("--max-uses must be at least 1.");
            }

            var token = await fleet.CreateEnrollmentTokenAsync(cluster, lifetime, p.GetValue(maxUses), p.GetValue(description), ct);
            await fleet.RecordCommandLineActionAsync(tenant.Id, "enrollment_token.create", "enrollment_token", token.Id, ct);
            Console.WriteLine($"Enrollment token for cluster '{cluster.Name}' (expires {token.ExpiresAt:u}, {p.GetValue(maxUses)} use(s)); shown once:");
            Console.WriteLine(token.Token);
        }));

        var scopes = new Option<string[]>("--scope")
        {
            Description = $"Scopes: {string.Join(", ", ApiScopes.All)} (repeatable)",
            DefaultValueFactory = _ => [ApiScopes.FindingsRead, ApiScopes.ExchangesRead],
            AllowMultipleArgumentsPerToken = true,
        };
        var keyCreate = new Command("create", "Create an API key of a tenant (printed once).") { TenantOption, NameOption, scopes };
        keyCreate.SetAction((p, ct) => RunAsync(p, async (fleet, _) =>
        {
            var tenant = await RequireTenantAsync(fleet, p, ct);
            var requested = p.GetRequiredValue(scopes);
            if (requested.Except(ApiScopes.All, StringComparer.Ordinal).ToList() is [_, ..] unknown)
            {
                throw new AdminException($"Unknown scope(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ApiScopes.All)}.");
            }

            var key = await fleet.CreateApiKeyAsync(tenant.Id, p.GetRequiredValue(NameOption), requested, ct);
            await fleet.RecordCommandLineActionAsync(tenant.Id, "api_key.create", "api_key", key.Id, ct);
            Console.WriteLine($"API key '{p.GetValue(NameOption)}' of tenant '{tenant.Name}' ({string.Join(", ", requested)}); shown once:");
            Console.WriteLine(key.Token);
        }));

        return new Command("admin", "Administer tenants, clusters, enrollment tokens and API keys.")
        {
            new Command("tenant", "Tenants.") { tenantCreate },
            new Command("cluster", "Clusters.") { clusterCreate },
            new Command("enrollment-token", "Cluster enrollment tokens.") { tokenCreate },
            new Command("api-key", "Tenant API keys.") { keyCreate },
            DemoCommand.Create(),
        };
    }

    private static async Task<Tenant> RequireTenantAsync(FleetAdministration fleet, ParseResult p, CancellationToken ct) =>
        await fleet.FindTenantAsync(p.GetRequiredValue(TenantOption), ct)
            ?? throw new AdminException($"No tenant '{p.GetValue(TenantOption)}'.");

    /// <summary>Runs an admin action in its own scope; expected failures become one line on stderr and exit code 1.</summary>
    /// <param name="transactional">Run the action in one transaction (with the audit events it records).</param>
    internal static async Task<int> RunAsync(ParseResult parse, Func<FleetAdministration, IServiceProvider, Task> action, bool transactional = true)
    {
        using var host = AdminHost.Build([.. parse.UnmatchedTokens]);
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            // One transaction: an action and its audit event are stored together or not at all.
            var db = scope.ServiceProvider.GetRequiredService<Data.LlmObserveDbContext>();
            await using var transaction = transactional ? await db.Database.BeginTransactionAsync() : null;
            await action(scope.ServiceProvider.GetRequiredService<FleetAdministration>(), scope.ServiceProvider);
            if (transaction is not null)
            {
                await transaction.CommitAsync();
            }

            return 0;
        }
        catch (AdminException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await Console.Error.WriteLineAsync("error: an item with that name already exists.");
            return 1;
        }
    }
}

internal sealed class AdminException(string message) : Exception(message);
