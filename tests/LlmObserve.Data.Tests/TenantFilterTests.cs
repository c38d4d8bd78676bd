using LlmObserve.Data.Exchanges;
using LlmObserve.Data.Tenancy;
using LlmObserve.Testing;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Data.Tests;

public sealed class TenantFilterTests
{
    [Fact]
    public async Task Queries_ActingForTenantB_SeeNoRowOfTenantA()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var a = await TestTenant.CreateAsync(database);
        var b = await TestTenant.CreateAsync(database);
        var node = await a.AddNodeAsync(database);
        await using (var setup = database.CreateDbContext())
        {
            setup.NodeCredentials.Add(new Entities.NodeCredential
            {
                Id = Guid.CreateVersion7(), TenantId = a.Tenant.Id, ClusterId = a.Cluster.Id, NodeId = node.Id, SecretHash = [1, 2, 3], CreatedAt = DateTimeOffset.UtcNow,
            });
            await setup.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var exchange = SampleExchanges.ChatCompletion(SampleExchanges.AwsKeyPrompt);
        await new ExchangeWriter(database.DataSource).WriteAsync(a.Message(node, exchange),
            [[new NewFinding("r", "secret", Contracts.Findings.FindingSeverity.High, "t", null, "request.body", 0, 1)]], TestContext.Current.CancellationToken);

        await using var asB = database.CreateDbContext(new FixedTenantContext(b.Tenant.Id));
        await using var asA = database.CreateDbContext(new FixedTenantContext(a.Tenant.Id));
        await using var asNobody = database.CreateDbContext();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal((1, 1, 1, 1, 1, 1, 1), await CountsAsync(asA, ct));
        Assert.Equal((1, 0, 0, 1, 1, 0, 0), await CountsAsync(asB, ct)); // B's own cluster, token and key only
        Assert.Equal((0, 0, 0, 0, 0, 0, 0), await CountsAsync(asNobody, ct));
        Assert.Null(await asB.Exchanges.FirstOrDefaultAsync(e => e.Id == exchange.Id, ct));
    }

    private static async Task<(int, int, int, int, int, int, int)> CountsAsync(LlmObserveDbContext db, CancellationToken ct) => (
        await db.Clusters.CountAsync(ct),
        await db.Nodes.CountAsync(ct),
        await db.NodeCredentials.CountAsync(ct),
        await db.EnrollmentTokens.CountAsync(ct),
        await db.ApiKeys.CountAsync(ct),
        await db.Exchanges.CountAsync(ct),
        await db.Findings.CountAsync(ct));
}
