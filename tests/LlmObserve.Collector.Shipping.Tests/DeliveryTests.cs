using LlmObserve.Testing;

namespace LlmObserve.Collector.Shipping.Tests;

/// <summary>Batches reach the real backend whole and once, within its limits.</summary>
[Collection(ShippingTests.Name)]
public sealed class DeliveryTests(FullPipelineFixture fixture) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ShippingTestBed _bed = new((FullPipelineFixture)fixture.Require());

    private Uri Ingest => _bed.Fixture.IngestApi.Client.BaseAddress!;

    [Fact]
    public async Task TryEnqueue_1000Exchanges_AreAllStoredExactlyOnce()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var exchanges = ShippingTestBed.Exchanges(1000);
        var options = _bed.Options(Ingest, tenant.EnrollmentToken, o => o.MaxExchangesPerBatch = 200);
        await using var shipper = await _bed.StartAsync(options);

        Assert.All(exchanges, e => Assert.True(shipper.TryEnqueue(e)));

        await _bed.AssertStoredExactlyAsync(tenant, exchanges, Timeout);
        var status = shipper.Status;
        Assert.Equal(1000, status.ShippedExchanges); // nothing sent twice
        Assert.InRange(status.ShippedBatches, 5, 1000);
        Assert.Equal((0, 0, 0L), (status.Queued, status.SpooledFiles, status.SpooledBytes));
        Assert.Empty(status.Dropped);
        Assert.NotNull(status.LastSuccessAt);
        Assert.Null(status.LastError);
        Assert.DoesNotContain(_bed.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Ship_BatchOverTheByteLimit_IsSplitBeforeSending()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var exchanges = ShippingTestBed.Exchanges(40, promptChars: 3000);
        var options = _bed.Options(Ingest, tenant.EnrollmentToken, o => (o.MaxBatchBytes, o.MaxBatchDelay) = (16 << 10, TimeSpan.FromMilliseconds(500)));
        await using var shipper = await _bed.StartAsync(options);

        Assert.All(exchanges, e => Assert.True(shipper.TryEnqueue(e)));

        await _bed.AssertStoredExactlyAsync(tenant, exchanges, Timeout);
        // About 5 KiB of JSON each: at most 3 in a 16 KiB batch.
        Assert.InRange(shipper.Status.ShippedBatches, 14, 40);
        Assert.Empty(shipper.Status.Dropped);
    }

    [Fact]
    public async Task Ship_BackendAnswers413_SplitsInHalvesUntilItPasses()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var port = ShippingTestBed.FreePort();
        await using var strict = await InProcessHost.StartIngestApiAsync(_bed.Fixture.Database, _bed.Fixture.VirtualHost.AmqpUri,
            $"--urls=http://127.0.0.1:{port}", "--Ingest:MaxDecompressedBytes=20000");
        var exchanges = ShippingTestBed.Exchanges(64, promptChars: 1000);
        var options = _bed.Options(ShippingTestBed.Loopback(port), tenant.EnrollmentToken, o => (o.MaxExchangesPerBatch, o.MaxBatchDelay) = (64, TimeSpan.FromMilliseconds(500)));
        await using var shipper = await _bed.StartAsync(options);

        Assert.All(exchanges, e => Assert.True(shipper.TryEnqueue(e)));

        await _bed.AssertStoredExactlyAsync(tenant, exchanges, Timeout);
        Assert.True(_bed.Log.Has(6122), _bed.Log.Dump()); // "too large; sending it in halves"
        Assert.InRange(shipper.Status.ShippedBatches, 8, 64);
        Assert.Equal(64, shipper.Status.ShippedExchanges);
        Assert.Empty(shipper.Status.Dropped);
    }

    [Fact]
    public async Task Heartbeat_EveryInterval_IsBuiltAndPostedWithoutHoldingUpShipping()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var exchanges = ShippingTestBed.Exchanges(10);
        await using var shipper = await _bed.StartAsync(_bed.Options(Ingest, tenant.EnrollmentToken, o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(100)));

        Assert.All(exchanges, e => Assert.True(shipper.TryEnqueue(e)));

        await _bed.AssertStoredExactlyAsync(tenant, exchanges, Timeout);
        await Eventually.UntilAsync(() => Task.FromResult(_bed.HeartbeatsBuilt >= 3), Timeout, "three heartbeats");
        // Until ingest-api serves the heartbeat endpoint, a 404 is logged at debug level and nothing else happens.
        Assert.True(shipper.HeartbeatsSent > 0 || _bed.Log.Has(6142), _bed.Log.Dump());
        Assert.Null(shipper.Status.LastError);
    }

    public void Dispose() => _bed.Dispose();
}
