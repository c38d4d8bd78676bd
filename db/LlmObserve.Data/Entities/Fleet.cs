namespace LlmObserve.Data.Entities;

/// <summary>Rows that belong to one tenant; the tenant query filter is applied to all of them.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

/// <summary>Rows listed newest first and paged by (capture time, id): exchanges and findings.</summary>
public interface ICapturedRow
{
    Guid Id { get; }

    Guid ClusterId { get; }

    DateTimeOffset CapturedAt { get; }
}

public sealed class Tenant
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Cluster : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A node whose collector enrolled; its name is unique within the cluster.</summary>
public sealed class Node : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClusterId { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public string? CollectorVersion { get; set; }

    public string? KernelVersion { get; set; }

    /// <summary>When the node's collector process started, as its last heartbeat said.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the last heartbeat arrived: how fresh <see cref="Targets"/> and <see cref="Counters"/> are.</summary>
    public DateTimeOffset? LastHeartbeatAt { get; set; }

    /// <summary>JSON object, capture target → its status in words (jsonb), from the last heartbeat.</summary>
    public string? Targets { get; set; }

    /// <summary>JSON object, counter name → value since the collector started (jsonb), from the last heartbeat.</summary>
    public string? Counters { get; set; }

    /// <summary>When an administrator revoked the node: its credentials are revoked and it cannot enroll again until re-admitted.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
