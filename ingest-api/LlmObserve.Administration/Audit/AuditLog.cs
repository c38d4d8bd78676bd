using System.Text.Json;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;

namespace LlmObserve.Administration.Audit;

/// <summary>
/// Records administrative actions of the current actor (<see cref="IAuditActorAccessor"/>: the API key, the
/// node, the signed-in user), its address, and what it did to which object. <see cref="Record"/> only adds the
/// event to the DbContext, so it is stored by the action's own SaveChanges, in the same transaction: an action
/// is never stored without its audit event, nor the reverse.
/// </summary>
public sealed class AuditLog(LlmObserveDbContext db, ITenantContext tenant, IAuditActorAccessor actors, TimeProvider clock)
{
    /// <summary>Adds the event to the DbContext, for the caller's SaveChanges to store.</summary>
    public void Record(string action, string targetType, string? targetId, IReadOnlyDictionary<string, string?>? details = null)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("An audited action needs the caller's tenant.");
        var actor = actors.Current;
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            OccurredAt = clock.GetUtcNow(),
            ActorType = actor.Type,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            RemoteAddress = actor.RemoteAddress,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        });
    }

    /// <summary>Audit details from name/value pairs (never a secret).</summary>
    public static IReadOnlyDictionary<string, string?> Details(params ReadOnlySpan<(string Key, string? Value)> pairs)
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
