using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Fleet;

/// <summary>
/// What collectors tell us about their nodes: heartbeats, and that they are alive at all.
/// Acts for the caller's tenant (the DbContext's tenant filter), so a node credential can only
/// ever touch its own node's row.
/// </summary>
public sealed class NodeStatus(LlmObserveDbContext db)
{
    // A node posts batches every few seconds: last_seen_at is written at most once a minute, and
    // the check costs a primary-key lookup that writes nothing in between.
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);

    public Task<int> RecordHeartbeatAsync(Guid nodeId, NodeHeartbeat heartbeat, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var targets = JsonSerializer.Serialize(heartbeat.Targets, CaptureJson.Default.IReadOnlyDictionaryStringString);
        var counters = JsonSerializer.Serialize(heartbeat.Counters, CaptureJson.Default.IReadOnlyDictionaryStringInt64);
        var startedAt = heartbeat.StartedAt.ToUniversalTime(); // timestamptz takes UTC offsets only
        return db.Nodes.Where(n => n.Id == nodeId).ExecuteUpdateAsync(
            s => s.SetProperty(n => n.LastSeenAt, now)
                .SetProperty(n => n.LastHeartbeatAt, now)
                .SetProperty(n => n.CollectorVersion, heartbeat.CollectorVersion)
                .SetProperty(n => n.KernelVersion, heartbeat.KernelVersion)
                .SetProperty(n => n.StartedAt, startedAt)
                .SetProperty(n => n.Targets, targets)
                .SetProperty(n => n.Counters, counters),
            cancellationToken);
    }

    public Task<int> MarkSeenAsync(Guid nodeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = now - SeenResolution;
        return db.Nodes.Where(n => n.Id == nodeId && (n.LastSeenAt == null || n.LastSeenAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LastSeenAt, now), cancellationToken);
    }
}
