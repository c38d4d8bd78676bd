using LlmObserve.Administration;
using System.CommandLine;
using LlmObserve.Data;
using LlmObserve.IngestApi.Auth;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.IngestApi.Cli;

/// <summary>
/// <c>admin demo</c>: makes sure a demo tenant and cluster exist and prints, as KEY=value lines, an
/// API key and an enrollment token for them. Secrets that are still valid in the file passed with
/// <c>--reuse</c> are printed again instead of new ones, so running it twice changes nothing.
/// Used by deploy/local/up.sh.
/// </summary>
internal static class DemoCommand
{
    public const string TenantName = "demo";
    public const string ClusterName = "local";

    public static Command Create()
    {
        var reuse = new Option<FileInfo?>("--reuse") { Description = "An env file written earlier; its secrets are kept while they are valid" };
        var apiUrl = new Option<string>("--api-url") { Description = "The ingest-api URL to print", Required = true };
        var command = new Command("demo", "Ensure the demo tenant and cluster; print an API key and an enrollment token as KEY=value lines.") { reuse, apiUrl };
        command.SetAction((p, ct) => AdminCommands.RunAsync(p, async (fleet, services) =>
        {
            var db = services.GetRequiredService<LlmObserveDbContext>();
            var tenant = await fleet.FindTenantAsync(TenantName, ct) ?? await fleet.CreateTenantAsync(TenantName, ct);
            var cluster = await fleet.FindClusterAsync(tenant.Id, ClusterName, ct) ?? await fleet.CreateClusterAsync(tenant.Id, ClusterName, ct);

            var previous = EnvFile.Read(p.GetValue(reuse)?.FullName ?? "");
            var apiKey = previous.GetValueOrDefault("LLMOBSERVE_API_KEY");
            if (apiKey is null || !await fleet.IsLiveApiKeyAsync(tenant.Id, apiKey, ct))
            {
                apiKey = (await fleet.CreateApiKeyAsync(tenant.Id, "demo", [ApiScopes.Admin], ct)).Token;
            }

            var token = previous.GetValueOrDefault("LLMOBSERVE_ENROLLMENT_TOKEN");
            if (token is null || !await fleet.IsLiveEnrollmentTokenAsync(cluster.Id, token, ct))
            {
                token = (await fleet.CreateEnrollmentTokenAsync(cluster, TimeSpan.FromDays(365), 1000, "local demo (deploy/local/up.sh)", ct)).Token;
            }

            await db.Database.CloseConnectionAsync();
            Console.WriteLine($"LLMOBSERVE_API_URL={p.GetRequiredValue(apiUrl)}");
            Console.WriteLine($"LLMOBSERVE_API_KEY={apiKey}");
            Console.WriteLine($"LLMOBSERVE_ENROLLMENT_TOKEN={token}");
            Console.WriteLine($"LLMOBSERVE_TENANT_ID={tenant.Id}");
            Console.WriteLine($"LLMOBSERVE_CLUSTER_ID={cluster.Id}");
        }, transactional: false)); // ensures each object on its own, so a second run reuses what the first made
        return command;
    }
}
