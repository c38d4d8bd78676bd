using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.Data.Entities;
using LlmObserve.IngestApi.Auth;

namespace LlmObserve.Testing;

/// <summary>A tenant with one cluster, an enrollment token and an API key, made through the admin service.</summary>
public sealed record TestTenant(Tenant Tenant, Cluster Cluster, string EnrollmentToken, string ApiKey)
{
    public static async Task<TestTenant> CreateAsync(TestDatabase database, string[]? scopes = null, int enrollments = 100)
    {
        await using var db = database.CreateDbContext();
        var fleet = new FleetAdministration(db, TimeProvider.System);
        var tenant = await fleet.CreateTenantAsync($"tenant-{Guid.NewGuid():N}", CancellationToken.None);
        var cluster = await fleet.CreateClusterAsync(tenant.Id, "prod-eu-1", CancellationToken.None);
        var token = await fleet.CreateEnrollmentTokenAsync(cluster, TimeSpan.FromHours(1), enrollments, "test", CancellationToken.None);
        var key = await fleet.CreateApiKeyAsync(tenant.Id, "siem", scopes ?? [ApiScopes.FindingsRead, ApiScopes.ExchangesRead], CancellationToken.None);
        return new TestTenant(tenant, cluster, token.Token, key.Token);
    }
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}

public static class TestTenantExtensions
{
    /// <summary>A node of the tenant's cluster, as enrollment would create it.</summary>
    public static async Task<Node> AddNodeAsync(this TestTenant tenant, TestDatabase database, string name = "node-1")
    {
        await using var db = database.CreateDbContext();
        var node = new Node { Id = Guid.CreateVersion7(), TenantId = tenant.Tenant.Id, ClusterId = tenant.Cluster.Id, Name = name, EnrolledAt = DateTimeOffset.UtcNow };
        db.Nodes.Add(node);
        await db.SaveChangesAsync();
        return node;
    }

    /// <summary>The bus message ingest-api would publish for these exchanges of this tenant's node.</summary>
    public static Contracts.Messages.ExchangesCaptured Message(this TestTenant tenant, Node node, params IEnumerable<Contracts.Capture.CapturedExchange> exchanges) => new()
    {
        TenantId = tenant.Tenant.Id,
        ClusterId = tenant.Cluster.Id,
        NodeId = node.Id,
        CorrelationId = Guid.CreateVersion7(),
        ReceivedAt = DateTimeOffset.UtcNow,
        SchemaVersion = Contracts.Capture.CaptureSchema.CurrentVersion,
        Exchanges = [.. exchanges],
    };
}
