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
}
