namespace LlmObserve.Data.Entities;

/// <summary>
/// Secrets we issue are stored as SHA-256 of the token only; the token itself is shown once.
/// They carry 256 random bits, so a fast hash is enough (no dictionary to attack).
/// </summary>
public interface IHashedSecret
{
    byte[] SecretHash { get; }

    DateTimeOffset? RevokedAt { get; }
}

/// <summary>What a collector presents on every call after enrolling.</summary>
public sealed class NodeCredential : ITenantOwned, IHashedSecret
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClusterId { get; set; }

    public Guid NodeId { get; set; }

    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Exchanged by a collector for node credentials; expiring and limited in uses.</summary>
public sealed class EnrollmentToken : ITenantOwned, IHashedSecret
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ClusterId { get; set; }

    public required byte[] SecretHash { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int MaxUses { get; set; }

    public int Uses { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A tenant's key for the REST API, limited to its scopes.</summary>
public sealed class ApiKey : ITenantOwned, IHashedSecret
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public required byte[] SecretHash { get; set; }

    public required string[] Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
