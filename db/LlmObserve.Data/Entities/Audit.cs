namespace LlmObserve.Data.Entities;

/// <summary>One administrative action: who (actor), what (action on a target), when and from where.</summary>
public sealed class AuditEvent : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>api_key, node, cli, user or system.</summary>
    public required string ActorType { get; set; }

    /// <summary>The API key's or node's id, the user's name; null for the command line.</summary>
    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    /// <summary>Dotted verb on a noun: <c>api_key.create</c>, <c>node.revoke</c>, <c>rule.update</c> …</summary>
    public required string Action { get; set; }

    public required string TargetType { get; set; }

    public string? TargetId { get; set; }

    /// <summary>The client's IP address as the server saw it; null for the command line.</summary>
    public string? RemoteAddress { get; set; }

    /// <summary>JSON object (jsonb) with what was changed; never a secret.</summary>
    public string? Details { get; set; }
}
