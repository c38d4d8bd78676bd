using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>POST /api/v1/ingest/heartbeat: recorded on the credential's own node row, refused with a reason otherwise.</summary>
public sealed class HeartbeatTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    private const string Libssl = "/usr/lib/x86_64-linux-gnu/libssl.so.3";
    private readonly PipelineFixture _f = fixture.Require();
    private EnrollResponse _node = null!;

    public async ValueTask InitializeAsync()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        _node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, $"node-{Guid.NewGuid():N}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static NodeHeartbeat Sample(string collectorVersion = "0.2.0") => new()
    {
        CollectorVersion = collectorVersion,
        KernelVersion = "6.8.0-45-generic",
        StartedAt = new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.FromHours(2)),
        Targets = new Dictionary<string, string>(StringComparer.Ordinal) { [Libssl] = "attached", ["pid 4242 /app/server"] = "no TLS symbols (static or stripped)" },
        Counters = new Dictionary<string, long>(StringComparer.Ordinal) { ["captured.exchanges"] = 1234, ["dropped.kernel.ringbuf_full"] = 0 },
    };

    [Fact]
    public async Task Heartbeat_ValidCredential_204AndRecordedOnTheNodeRow()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);

        using var response = await _f.Collector.PostHeartbeatAsync(Sample(), _node.NodeCredential);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = (await _f.Database.RowAsync($"""
            SELECT collector_version, kernel_version, started_at, last_seen_at, last_heartbeat_at,
                   targets ->> '{Libssl}' AS libssl, (counters ->> 'captured.exchanges')::bigint AS captured,
                   jsonb_typeof(targets) AS targets_type, (SELECT count(*) FROM jsonb_object_keys(counters)) AS counter_count
            FROM nodes WHERE id = '{_node.NodeId}'
            """))!;
        Assert.Equal(("0.2.0", "6.8.0-45-generic"), (row["collector_version"], row["kernel_version"]));
        Assert.Equal(new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), row["started_at"]);
        Assert.InRange((DateTime)row["last_seen_at"]!, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(row["last_seen_at"], row["last_heartbeat_at"]);
        Assert.Equal(("attached", 1234L, "object", 2L), (row["libssl"], row["captured"], row["targets_type"], row["counter_count"]));
    }

    [Fact]
    public async Task Heartbeat_Again_ReplacesTheReport()
    {
        using var first = await _f.Collector.PostHeartbeatAsync(Sample("0.2.0"), _node.NodeCredential);
        using var second = await _f.Collector.PostHeartbeatAsync(Sample("0.3.0") with { Targets = new Dictionary<string, string>(StringComparer.Ordinal) }, _node.NodeCredential);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, second.StatusCode));
        var row = (await _f.Database.RowAsync($"SELECT collector_version, targets::text AS targets FROM nodes WHERE id = '{_node.NodeId}'"))!;
        Assert.Equal(("0.3.0", "{}"), (row["collector_version"], row["targets"]));
    }

    [Theory]
    [InlineData(null, "needs 'Authorization: Bearer <node credential>'")]
    [InlineData("llmo_node_wrong0000000000000000000000000000000000", "unknown or has been revoked")]
    [InlineData("llmo_key_notanodecredential", "not a valid node credential")]
    public async Task Heartbeat_WrongCredential_401AndNothingRecorded(string? credential, string reason)
    {
        using var response = await _f.Collector.PostHeartbeatAsync(Sample(), credential);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM nodes WHERE id = '{_node.NodeId}' AND last_heartbeat_at IS NOT NULL"));
    }

    [Theory]
    [InlineData("""{"collectorVersion":"0.2.0","kernelVersion":"6.8",""", "Invalid JSON")]
    [InlineData("""{"collectorVersion":"0.2.0","kernelVersion":"6.8"}""", "Invalid JSON")] // startedAt is required
    [InlineData("""{"collectorVersion":"0.2.0","kernelVersion":"6.8","startedAt":"2026-11-02T09:00:00Z","counters":{"x":"many"}}""", "Invalid JSON")]
    [InlineData("""{"collectorVersion":"","kernelVersion":"6.8","startedAt":"2026-11-02T09:00:00Z"}""", "Invalid heartbeat")]
    [InlineData("""{"collectorVersion":"0.2.0","kernelVersion":"6.8","startedAt":"2026-11-02T09:00:00Z","targets":{"a\u0000b":"attached"}}""", "Invalid heartbeat")]
    [InlineData("""{"collectorVersion":"0.2.0","kernelVersion":"6.8","startedAt":"2026-11-02T09:00:00Z","counters":{"x":-1}}""", "Invalid heartbeat")]
    [InlineData("null", "Invalid heartbeat")]
    public async Task Heartbeat_MalformedBody_400AndNothingRecorded(string body, string title)
    {
        using var response = await _f.Collector.PostRawHeartbeatAsync(body, _node.NodeCredential);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, title);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM nodes WHERE id = '{_node.NodeId}' AND last_heartbeat_at IS NOT NULL"));
    }

    [Fact]
    public async Task Heartbeat_OverSixtyFourKibibytes_413()
    {
        var targets = Enumerable.Range(0, 2000).ToDictionary(i => $"pid {i} /usr/bin/some-long-process-name", _ => "attached", StringComparer.Ordinal);

        using var response = await _f.Collector.PostHeartbeatAsync(Sample() with { Targets = targets }, _node.NodeCredential);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Heartbeat too large");
    }

    [Fact]
    public async Task IngestBatch_Accepted_UpdatesTheNodesLastSeenAt()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);

        using var accepted = await _f.Collector.PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("hi")), _node.NodeCredential);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var row = (await _f.Database.RowAsync($"SELECT last_seen_at, last_heartbeat_at FROM nodes WHERE id = '{_node.NodeId}'"))!;
        Assert.InRange((DateTime)row["last_seen_at"]!, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Null(row["last_heartbeat_at"]);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }
}
