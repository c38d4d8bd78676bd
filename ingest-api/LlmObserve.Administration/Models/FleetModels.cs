using System.ComponentModel;

namespace LlmObserve.Administration;

public sealed record ClusterItem(Guid Id, string Name, DateTimeOffset CreatedAt, int NodeCount, DateTimeOffset? LastSeenAt);

public sealed record CreateClusterRequest(
    [property: Description("1 to 100 characters, unique within the tenant.")] string? Name);

/// <param name="Status">active, expired, exhausted or revoked.</param>
public sealed record EnrollmentTokenItem(
    Guid Id,
    Guid ClusterId,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    int Uses,
    DateTimeOffset? RevokedAt,
    string Status);

public sealed record CreateEnrollmentTokenRequest(
    [property: Description("Lifetime such as 30m, 24h or 7d (default 24h, at most 30d).")] string? Ttl,
    [property: Description("How many nodes may enroll with it, 1 to 100000 (default 1).")] int? MaxUses,
    [property: Description("What the token is for, at most 200 characters.")] string? Description);

/// <summary>A secret just issued: <c>token</c> is shown in this answer only, and stored hashed.</summary>
public sealed record IssuedSecretResponse<T>(T Item, string Token);

/// <param name="Status">active (a live credential), revoked (none), or stale (no heartbeat for 5 minutes).</param>
/// <param name="Targets">Capture target → its status in words, from the last heartbeat.</param>
/// <param name="Counters">Counter name → value since the collector started (drops by reason …), from the last heartbeat.</param>
public sealed record NodeItem(
    Guid Id,
    Guid ClusterId,
    string Name,
    DateTimeOffset EnrolledAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? LastHeartbeatAt,
    DateTimeOffset? StartedAt,
    string? CollectorVersion,
    string? KernelVersion,
    IReadOnlyDictionary<string, string>? Targets,
    IReadOnlyDictionary<string, long>? Counters,
    string Status);

public sealed record ApiKeyItem(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record CreateApiKeyRequest(
    [property: Description("1 to 100 characters: what the key is for.")] string? Name,
    [property: Description("Any of findings:read, exchanges:read, rules:write, admin (admin holds all).")] IReadOnlyList<string>? Scopes);

public sealed record AuditEventItem(
    Guid Id,
    DateTimeOffset OccurredAt,
    [property: Description("api_key, node, cli, user or system.")] string ActorType,
    string? ActorId,
    string? ActorName,
    [property: Description("Dotted verb on a noun: cluster.create, api_key.revoke, rule.update …")] string Action,
    string TargetType,
    string? TargetId,
    string? RemoteAddress,
    IReadOnlyDictionary<string, string?>? Details);
