using LlmObserve.Testing;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping.Tests;

/// <summary>Enrollment once, the stored credential afterwards, and what happens when the backend refuses it.</summary>
[Collection(ShippingTests.Name)]
public sealed class CredentialTests(FullPipelineFixture fixture) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ShippingTestBed _bed = new((FullPipelineFixture)fixture.Require());

    private Uri Ingest => _bed.Fixture.IngestApi.Client.BaseAddress!;

    [Fact]
    public async Task Start_FirstTimeWithAToken_EnrollsStoresTheCredentialPrivatelyAndRestartsWithoutTheToken()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var first = ShippingTestBed.Exchanges(3);
        await using (var shipper = await _bed.StartAsync(_bed.Options(Ingest, tenant.EnrollmentToken)))
        {
            Assert.All(first, e => Assert.True(shipper.TryEnqueue(e)));
            await _bed.AssertStoredExactlyAsync(tenant, first, Timeout);
        }

        var file = Path.Combine(_bed.StateDirectory, NodeCredentialStore.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_bed.StateDirectory));
        Assert.Empty(Directory.GetFiles(_bed.StateDirectory, "*.tmp"));
        Assert.Equal(1, await _bed.Fixture.Database.CountAsync(
            $"SELECT count(*) FROM nodes WHERE cluster_id = '{tenant.Cluster.Id}' AND name = 'node-1' AND collector_version = '0.1.0-test' AND kernel_version = '6.1.0-test'"));

        var second = ShippingTestBed.Exchanges(2);
        await using (var restarted = await _bed.StartAsync(_bed.Options(Ingest, token: null)))
        {
            Assert.All(second, e => Assert.True(restarted.TryEnqueue(e)));
            await _bed.AssertStoredExactlyAsync(tenant, [.. first, .. second], Timeout);
        }

        // The restart used the stored credential: still one credential, none revoked by a second enrollment.
        Assert.Equal(1, await _bed.Fixture.Database.CountAsync($"SELECT count(*) FROM node_credentials WHERE cluster_id = '{tenant.Cluster.Id}'"));
        Assert.Equal(0, await _bed.Fixture.Database.CountAsync($"SELECT count(*) FROM node_credentials WHERE cluster_id = '{tenant.Cluster.Id}' AND revoked_at IS NOT NULL"));
    }

    [Fact]
    public async Task Ship_CredentialOlderThanTheRotationInterval_IsReplacedStoredAndTheOldOneStops()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var first = ShippingTestBed.Exchanges(2);
        var second = ShippingTestBed.Exchanges(2);
        await using (var shipper = await _bed.StartAsync(_bed.Options(Ingest, tenant.EnrollmentToken)))
        {
            Assert.All(first, e => Assert.True(shipper.TryEnqueue(e)));
            await _bed.AssertStoredExactlyAsync(tenant, first, Timeout);
        }

        var enrolled = new NodeCredentialStore(_bed.StateDirectory).Load()!;
        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        await using (var restarted = await _bed.StartAsync(_bed.Options(Ingest, token: null, o => o.CredentialRotationInterval = TimeSpan.FromSeconds(1))))
        {
            Assert.All(second, e => Assert.True(restarted.TryEnqueue(e)));
            await _bed.AssertStoredExactlyAsync(tenant, [.. first, .. second], Timeout);
        }

        var rotated = new NodeCredentialStore(_bed.StateDirectory).Load()!;
        Assert.Equal(enrolled.NodeId, rotated.NodeId);
        Assert.NotEqual(enrolled.NodeCredential, rotated.NodeCredential);
        Assert.True(_bed.Log.Has(6118), _bed.Log.Dump()); // CredentialRotated
        await Eventually.UntilAsync(async () =>
        {
            using var old = await new CollectorClient(_bed.Fixture.IngestApi.Client).PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("x")), enrolled.NodeCredential);
            return old.StatusCode == System.Net.HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(5), "the replaced credential to stop working");
        Assert.True(await _bed.Fixture.Database.CountAsync(
            $"SELECT count(*) FROM audit_events WHERE tenant_id = '{tenant.Tenant.Id}' AND action = 'node.credential.rotate' AND actor_id = '{enrolled.NodeId}'") >= 1);
    }

    [Fact]
    public async Task Start_NoCredentialAndNoToken_FailsNamingTheSetting()
    {
        var shipper = new ExchangeShipper(_bed.Options(Ingest, token: null), _bed.Heartbeat, _bed.Log);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => shipper.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Shipping:EnrollmentToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ship_WrongCredentialWithoutAToken_ReportsItClearlyAndKeepsTheBatchesInTheSpool()
    {
        new NodeCredentialStore(_bed.StateDirectory).Save(new StoredCredential(Guid.NewGuid(), Guid.NewGuid(), "llmo_node_wrong0000000000000000000000000000000000", DateTimeOffset.UtcNow));
        var exchanges = ShippingTestBed.Exchanges(5);
        await using var shipper = await _bed.StartAsync(_bed.Options(Ingest, token: null));

        Assert.All(exchanges, e => Assert.True(shipper.TryEnqueue(e)));

        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status is { Unauthorized: true, Queued: 0 } && _bed.Spooled().Exchanges == 5), Timeout, "the batch spooled after a 401");
        var status = shipper.Status;
        Assert.Contains("refused the node credential", status.LastError, StringComparison.Ordinal);
        Assert.Contains("unknown or has been revoked", status.LastError, StringComparison.Ordinal);
        Assert.Contains("until a new enrollment token is configured", status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, status.ShippedExchanges);
        Assert.Empty(status.Dropped);
        var logged = Assert.Single(_bed.Log.Entries, e => e.EventId == 6113);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("revoked", logged.Message, StringComparison.Ordinal);
        Assert.Contains("No enrollment token is configured: captured exchanges are kept in the spool", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ship_CredentialRevokedWithATokenConfigured_EnrollsAgainAndDeliversEverything()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var before = ShippingTestBed.Exchanges(2);
        var after = ShippingTestBed.Exchanges(4);
        await using var shipper = await _bed.StartAsync(_bed.Options(Ingest, tenant.EnrollmentToken));
        Assert.All(before, e => Assert.True(shipper.TryEnqueue(e)));
        await _bed.AssertStoredExactlyAsync(tenant, before, Timeout);
        var store = new NodeCredentialStore(_bed.StateDirectory);
        var revoked = store.Load()!;
        await _bed.Fixture.Database.CountAsync($"WITH u AS (UPDATE node_credentials SET revoked_at = now() WHERE node_id = '{revoked.NodeId}' RETURNING 1) SELECT count(*) FROM u");

        Assert.All(after, e => Assert.True(shipper.TryEnqueue(e)));

        await _bed.AssertStoredExactlyAsync(tenant, [.. before, .. after], Timeout);
        Assert.NotEqual(revoked.NodeCredential, store.Load()!.NodeCredential);
        Assert.True(_bed.Log.Has(6117), _bed.Log.Dump()); // refused, enrolling again
        Assert.Equal(2, _bed.Log.Entries.Count(e => e.EventId == 6111)); // enrolled twice
        Assert.False(shipper.Status.Unauthorized);
    }

    public void Dispose() => _bed.Dispose();
}
