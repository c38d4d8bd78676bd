using System.Text.Json;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;
using LlmObserve.IngestApi.Auth;

namespace LlmObserve.IngestApi.Audit;

/// <summary>
/// Records administrative actions of the current request: the actor (the API key, or the node),
/// its address, and what it did to which object. <see cref="Record"/> only adds the event to the
/// DbContext, so it is stored by the action's own SaveChanges, in the same transaction: an action
/// is never stored without its audit event, nor the reverse.
/// </summary>
internal sealed class AuditLog(LlmObserveDbContext db, ITenantContext tenant, IHttpContextAccessor http, TimeProvider clock)
{
    public void Record(string action, string targetType, string? targetId, IReadOnlyDictionary<string, string?>? details = null)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("An audited action needs the caller's tenant.");
        var user = http.HttpContext?.User;
        var keyId = user?.FindFirst(LlmObserveClaims.ApiKeyId)?.Value;
        var nodeId = user?.FindFirst(LlmObserveClaims.NodeId)?.Value;
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            OccurredAt = clock.GetUtcNow(),
            ActorType = keyId is not null ? AuditActors.ApiKey : nodeId is not null ? AuditActors.Node : AuditActors.System,
            ActorId = keyId ?? nodeId,
            ActorName = user?.FindFirst(LlmObserveClaims.ApiKeyName)?.Value,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Details = details is null ? null : JsonSerializer.Serialize(details),
        });
    }

    /// <summary>Audit details from name/value pairs (never a secret).</summary>
    public static Dictionary<string, string?> Details(params ReadOnlySpan<(string Key, string? Value)> pairs)
    {
        var details = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            details[key] = value;
        }

        return details;
    }

    /// <summary>Records the action and saves it together with the changes already made to the DbContext.</summary>
    public Task<int> SaveAsync(string action, string targetType, string? targetId, IReadOnlyDictionary<string, string?>? details, CancellationToken cancellationToken)
    {
        Record(action, targetType, targetId, details);
        return db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Who can act: the values of <see cref="AuditEvent.ActorType"/>.</summary>
internal static class AuditActors
{
    public const string ApiKey = "api_key";
    public const string Node = "node";
    public const string Cli = "cli";
    public const string System = "system";
}
