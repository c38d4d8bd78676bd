using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;

namespace LlmObserve.Contracts.Tests;

/// <summary>The heartbeat collectors post, in the same wire shape as capture batches.</summary>
public sealed class NodeHeartbeatWireTests
{
    private static NodeHeartbeat Read(string json) => JsonSerializer.Deserialize(json, CaptureJson.Default.NodeHeartbeat)!;

    [Fact]
    public void Deserialize_CamelCaseHeartbeat_ReadsEveryField()
    {
        var heartbeat = Read("""
            {"collectorVersion":"0.1.0","kernelVersion":"6.8.0-45-generic","startedAt":"2026-11-02T09:00:00Z",
             "targets":{"/usr/lib/x86_64-linux-gnu/libssl.so.3":"attached"},"counters":{"captured.exchanges":42,"dropped.kernel.ringbuf_full":0}}
            """);

        Assert.Equal(("0.1.0", "6.8.0-45-generic"), (heartbeat.CollectorVersion, heartbeat.KernelVersion));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), heartbeat.StartedAt);
        Assert.Equal("attached", heartbeat.Targets["/usr/lib/x86_64-linux-gnu/libssl.so.3"]);
        Assert.Equal(42, heartbeat.Counters["captured.exchanges"]);
    }

    [Fact]
    public void Deserialize_WithoutTargetsAndCounters_BothEmpty()
    {
        var heartbeat = Read("""{"collectorVersion":"0.1.0","kernelVersion":"6.8","startedAt":"2026-11-02T09:00:00Z"}""");

        Assert.Empty(heartbeat.Targets);
        Assert.Empty(heartbeat.Counters);
    }

    [Fact]
    public void Deserialize_MissingStartedAt_FailsNamingIt()
    {
        var e = Assert.Throws<JsonException>(() => Read("""{"collectorVersion":"0.1.0","kernelVersion":"6.8"}"""));

        Assert.Contains("'startedAt'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Heartbeat_KeepsCounterNamesAsWritten()
    {
        var json = JsonSerializer.Serialize(new NodeHeartbeat
        {
            CollectorVersion = "0.1.0",
            KernelVersion = "6.8",
            StartedAt = DateTimeOffset.UnixEpoch,
            Counters = new Dictionary<string, long>(StringComparer.Ordinal) { ["Dropped.Kernel"] = 3 },
        }, CaptureJson.Default.NodeHeartbeat);

        Assert.Contains("\"collectorVersion\":\"0.1.0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Dropped.Kernel\":3", json, StringComparison.Ordinal);
    }
}
