using System.Diagnostics.Metrics;
using LlmObserve.Collector.Pipeline;
using LlmObserve.Testing;

namespace LlmObserve.Collector.Shipping.Tests;

/// <summary>While ingest-api is away, batches wait on disk (bounded, durable) and nothing is lost or doubled when it returns.</summary>
[Collection(ShippingTests.Name)]
public sealed class SpoolTests(FullPipelineFixture fixture) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ShippingTestBed _bed = new((FullPipelineFixture)fixture.Require());

    [Fact]
    public async Task Ship_IngestGoesAwayAndComesBack_SpoolsThenDeliversEverythingOnce()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var port = ShippingTestBed.FreePort();
        var online = ShippingTestBed.Exchanges(50);
        var offline = ShippingTestBed.Exchanges(200);
        var ingest = await StartIngestAsync(port);
        await using var shipper = await _bed.StartAsync(_bed.Options(ShippingTestBed.Loopback(port), tenant.EnrollmentToken, o => o.MaxExchangesPerBatch = 25));
        Assert.All(online, e => Assert.True(shipper.TryEnqueue(e)));
        await _bed.AssertStoredExactlyAsync(tenant, online, Timeout);

        await ingest.DisposeAsync();
        Assert.All(offline, e => Assert.True(shipper.TryEnqueue(e)));

        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status.Queued == 0 && _bed.Spooled().Exchanges == 200), Timeout, "200 exchanges in the spool");
        Assert.Contains("unreachable", shipper.Status.LastError, StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(_bed.SpoolDirectory), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));

        await using var back = await StartIngestAsync(port);

        await _bed.AssertStoredExactlyAsync(tenant, [.. online, .. offline], Timeout);
        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status.SpooledFiles == 0), Timeout, "an empty spool");
        Assert.Equal((0, 250L), (_bed.Spooled().Files, shipper.Status.ShippedExchanges));
        Assert.Empty(shipper.Status.Dropped);
    }

    [Fact]
    public async Task Ship_SpoolAtItsCap_DropsNewBatchesAndCountsThemWithTheReason()
    {
        var counted = new MetricTotals();
        var options = _bed.Options(ShippingTestBed.Loopback(ShippingTestBed.FreePort()), "llmo_enroll_unused",
            o => (o.SpoolCapBytes, o.MaxExchangesPerBatch) = (40_000, 10));
        await using var shipper = await _bed.StartAsync(options);

        var accepted = ShippingTestBed.Exchanges(200, promptChars: 1000).Count(shipper.TryEnqueue);

        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status.Queued == 0), Timeout, "the queue written out");
        var status = shipper.Status;
        var dropped = status.Dropped.GetValueOrDefault(ShippingDropReasons.SpoolFull);
        Assert.InRange(dropped, 50, 190);
        Assert.Equal(200, _bed.Spooled().Exchanges + dropped + (200 - accepted));
        Assert.InRange(status.SpooledBytes, 1, 40_000);
        Assert.Equal(status.SpooledBytes, Directory.GetFiles(_bed.SpoolDirectory, "*.batch").Sum(f => new FileInfo(f).Length));
        Assert.Equal(dropped, counted.Get(ShippingDropReasons.SpoolFull));
        Assert.True(_bed.Log.Has(6131), _bed.Log.Dump());
    }

    [Fact]
    public async Task TryEnqueue_MemoryQueueFull_OverflowGoesToTheSpool()
    {
        var options = _bed.Options(ShippingTestBed.Loopback(ShippingTestBed.FreePort()), "llmo_enroll_unused",
            o => (o.QueueCapacity, o.MaxExchangesPerBatch) = (5, 200));
        await using var shipper = await _bed.StartAsync(options);

        Assert.All(ShippingTestBed.Exchanges(150), e => Assert.True(shipper.TryEnqueue(e)));

        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status.Queued == 0 && _bed.Spooled().Exchanges == 150), Timeout, "150 exchanges in the spool");
        Assert.Empty(shipper.Status.Dropped);
    }

    [Fact]
    public async Task TryEnqueue_MemoryQueueFullAndNoSpool_ReturnsFalseAndCountsSpoolFull()
    {
        var options = _bed.Options(ShippingTestBed.Loopback(ShippingTestBed.FreePort()), "llmo_enroll_unused",
            o => (o.QueueCapacity, o.SpoolCapBytes) = (5, 0));
        await using var shipper = await _bed.StartAsync(options);

        var refused = ShippingTestBed.Exchanges(1000).Count(e => !shipper.TryEnqueue(e));

        Assert.InRange(refused, 1, 995);
        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status.Queued == 0), Timeout, "the queue emptied");
        Assert.Equal(1000, shipper.Status.Dropped[ShippingDropReasons.SpoolFull]); // refused at once, or dropped with its batch: all counted
    }

    [Fact]
    public async Task Stop_WithExchangesInMemory_SpoolsThemAndTheNextStartDeliversThem()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var exchanges = ShippingTestBed.Exchanges(120);
        await using (var offline = await _bed.StartAsync(_bed.Options(ShippingTestBed.Loopback(ShippingTestBed.FreePort()), tenant.EnrollmentToken)))
        {
            Assert.All(exchanges, e => Assert.True(offline.TryEnqueue(e)));
            await offline.StopAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, offline.Status.Queued);
        }

        Assert.Equal(120, _bed.Spooled().Exchanges);

        await using var restarted = await _bed.StartAsync(_bed.Options(_bed.Fixture.IngestApi.Client.BaseAddress!, tenant.EnrollmentToken));

        await _bed.AssertStoredExactlyAsync(tenant, exchanges, Timeout);
        await Eventually.UntilAsync(() => Task.FromResult(_bed.Spooled().Files == 0), Timeout, "an empty spool");
        Assert.True(_bed.Log.Has(6130), _bed.Log.Dump()); // found spooled batches at start
        Assert.Empty(restarted.Status.Dropped);
    }

    [Fact]
    public async Task Start_CorruptSpoolFiles_AreMovedAsideAndCountedWhileGoodOnesAreDelivered()
    {
        var tenant = await TestTenant.CreateAsync(_bed.Fixture.Database);
        var good = ShippingTestBed.Exchanges(4);
        var cut = Encode(ShippingTestBed.Exchanges(5));
        Directory.CreateDirectory(_bed.SpoolDirectory);
        var ms = $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds():D15}";
        await File.WriteAllBytesAsync(Path.Combine(_bed.SpoolDirectory, $"{ms}-0000000001-4.batch"), Encode(good), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_bed.SpoolDirectory, $"{ms}-0000000002-3.batch"), "not gzip", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(_bed.SpoolDirectory, $"{ms}-0000000003-5.batch"), cut[..(cut.Length / 2)], TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(_bed.SpoolDirectory, $"{ms}-0000000004-7.batch.tmp"), cut, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_bed.SpoolDirectory, "notes.txt"), "?", TestContext.Current.CancellationToken);

        await using var shipper = await _bed.StartAsync(_bed.Options(_bed.Fixture.IngestApi.Client.BaseAddress!, tenant.EnrollmentToken));

        await _bed.AssertStoredExactlyAsync(tenant, good, Timeout);
        await Eventually.UntilAsync(() => Task.FromResult(shipper.Status.Dropped.GetValueOrDefault(ShippingDropReasons.SpoolCorrupt) == 3 + 5 + 7 + 1), Timeout, "corrupt files counted");
        Assert.Equal(4, Directory.GetFiles(Path.Combine(_bed.SpoolDirectory, "corrupt")).Length);
        Assert.Empty(Directory.GetFiles(_bed.SpoolDirectory));
    }

    private Task<InProcessHost> StartIngestAsync(int port) =>
        InProcessHost.StartIngestApiAsync(_bed.Fixture.Database, _bed.Fixture.VirtualHost.AmqpUri, $"--urls=http://127.0.0.1:{port}");

    private static byte[] Encode(IReadOnlyList<Contracts.Capture.CapturedExchange> exchanges) =>
        Assert.Single(BatchEncoding.EncodeWithin(exchanges, long.MaxValue)).Payload;

    public void Dispose() => _bed.Dispose();

    /// <summary>What <see cref="CollectorMetrics"/> counted as dropped at the shipping stage, by reason, while the test ran.</summary>
    private sealed class MetricTotals : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

        public MetricTotals()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CollectorMetrics.MeterName && instrument.Name == CollectorMetrics.DroppedInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? stage = null, reason = null;
                foreach (var tag in tags)
                {
                    (stage, reason) = tag.Key switch { "stage" => ((string?)tag.Value, reason), "reason" => (stage, (string?)tag.Value), _ => (stage, reason) };
                }

                if (stage == ShippingDropReasons.Stage && reason is not null)
                {
                    _totals.AddOrUpdate(reason, value, (_, n) => n + value);
                }
            });
            _listener.Start();
        }

        public long Get(string reason) => _totals.GetValueOrDefault(reason);

        public void Dispose() => _listener.Dispose();
    }
}
