using System.Net;
using LlmObserve.Contracts.Capture;
using LlmObserve.Testing;

namespace LlmObserve.ScannerWorker.Tests;

/// <summary>
/// Nothing accepted is lost or stored twice while the scanner worker is SIGKILLed and restarted
/// and RabbitMQ is restarted, under a steady stream of batches. The broker is a node of this
/// test's own; the worker a real child process.
/// </summary>
public sealed class FaultToleranceTests
{
    private const int Exchanges = 10_000;
    private const int PerBatch = 50;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100); // 500 exchanges/s

    [Fact]
    public async Task TenThousandExchanges_WorkerKilledAndBrokerRestarted_AllStoredExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        await using var broker = await TestEnvironment.RequireAsync(RabbitMqNode.StartAsync);
        await using var ingest = await InProcessHost.StartIngestApiAsync(database, broker.AmqpUri, "--Ingest:PublishTimeout=00:00:05");
        var worker = StartWorker(database, broker);
        try
        {
            var tenant = await TestTenant.CreateAsync(database);
            var collector = new CollectorClient(ingest.Client);
            var node = await collector.EnrollAsync(tenant.EnrollmentToken, "node-1");

            // Every tenth prompt carries an AWS key: exactly 1,000 findings when nothing is stored twice.
            var batches = Enumerable.Range(0, Exchanges / PerBatch)
                .Select(b => SampleExchanges.Batch(Enumerable.Range(0, PerBatch).Select(i =>
                    SampleExchanges.ChatCompletion((b * PerBatch + i) % 10 == 0 ? SampleExchanges.AwsKeyPrompt : $"question {b * PerBatch + i}"))))
                .ToList();

            var accepted = 0;
            var refused = 0;
            var start = DateTime.UtcNow;
            var posting = Task.WhenAll(batches.Select(async (batch, i) =>
            {
                await Task.Delay(start + (Pace * i) - DateTime.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero, ct);
                Interlocked.Add(ref refused, await PostUntilAcceptedAsync(collector, batch, node.NodeCredential, ct));
                Interlocked.Add(ref accepted, batch.Exchanges.Count);
            }));

            // Chaos, at fixed points of the stream.
            await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref accepted) >= 2_000), TimeSpan.FromMinutes(1), "2,000 accepted");
            worker.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            await worker.DisposeAsync();
            worker = StartWorker(database, broker);

            await Eventually.UntilAsync(() => Task.FromResult(Volatile.Read(ref accepted) >= 5_000), TimeSpan.FromMinutes(1), "5,000 accepted");
            await broker.RestartAsync();

            await posting;
            await Eventually.UntilAsync(async () => await database.CountAsync("SELECT count(*) FROM exchanges") >= Exchanges,
                TimeSpan.FromMinutes(3), $"{Exchanges} exchanges stored");
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // anything still in flight would land now

            Assert.Equal(Exchanges, await database.CountAsync("SELECT count(*) FROM exchanges"));
            Assert.Equal(Exchanges, await database.CountAsync("SELECT count(DISTINCT id) FROM exchanges"));
            Assert.Equal(Exchanges / 10, await database.CountAsync("SELECT count(*) FROM findings"));
            Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM exchanges WHERE finding_count <> (SELECT count(*) FROM findings f WHERE f.exchange_id = exchanges.id)"));
            var expected = batches.SelectMany(b => b.Exchanges).Select(e => e.Id).ToHashSet();
            await using var ids = database.DataSource.CreateCommand("SELECT id FROM exchanges");
            await using var reader = await ids.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Assert.True(expected.Remove(reader.GetGuid(0)), "an exchange nobody posted was stored");
            }

            Assert.Empty(expected);
            Assert.True(refused > 0, "the broker restart should have refused some batches (503), which the client retried");
            TestContext.Current.SendDiagnosticMessage($"{Exchanges} stored exactly once; {refused} post(s) refused during the broker restart and retried");
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    private static HostProcess StartWorker(TestDatabase database, RabbitMqNode broker) =>
        HostProcess.Start("LlmObserve.ScannerWorker",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Postgres__ConnectionString"] = database.ConnectionString,
                ["RabbitMq__Uri"] = broker.AmqpUri.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
            },
            "--urls=http://127.0.0.1:0");

    /// <summary>What a collector does: retry with backoff until the batch is accepted. Returns the number of refusals.</summary>
    private static async Task<int> PostUntilAcceptedAsync(CollectorClient collector, CaptureBatch batch, string credential, CancellationToken ct)
    {
        var refusals = 0;
        for (var delay = TimeSpan.FromMilliseconds(200); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(3).Ticks)))
        {
            try
            {
                using var response = await collector.PostBatchAsync(batch, credential);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return refusals;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                // Connection trouble counts like a 503: the batch was not accepted.
            }

            refusals++;
            await Task.Delay(delay, ct);
        }
    }
}
