using LlmObserve.Integrations.Delivery;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>The per-destination lease, on a real PostgreSQL: one holder per destination, and destinations do not share locks.</summary>
public sealed class DestinationLeaseTests
{
    // Their four 32-bit words xor to the same value (1): the 32-bit key made them one lock.
    private static readonly Guid First = Guid.Parse("00000001-0000-0000-0000-000000000000");
    private static readonly Guid Second = Guid.Parse("00000000-0000-0000-0000-000000000001");

    [Fact]
    public async Task TryAcquire_DestinationsWhose32BitFoldsCollide_BothLeased_EachOnlyOnce()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync(migrate: false));
        var ct = TestContext.Current.CancellationToken;

        await using var first = await DestinationLease.TryAcquireAsync(database.DataSource, First, ct);
        await using var second = await DestinationLease.TryAcquireAsync(database.DataSource, Second, ct);
        await using var firstAgain = await DestinationLease.TryAcquireAsync(database.DataSource, First, ct);

        Assert.NotEqual(DestinationLease.KeyOf(First), DestinationLease.KeyOf(Second));
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(firstAgain);
    }

    [Fact]
    public async Task Dispose_ReleasesTheLease_ForTheNextWorker()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync(migrate: false));
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.CreateVersion7();

        await (await DestinationLease.TryAcquireAsync(database.DataSource, id, ct))!.DisposeAsync();
        await using var next = await DestinationLease.TryAcquireAsync(database.DataSource, id, ct);

        Assert.NotNull(next);
        Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = {DestinationLease.KeyOf(id)}"));
    }
}
