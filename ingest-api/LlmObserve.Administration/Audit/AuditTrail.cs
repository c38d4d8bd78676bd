using System.Text.Json;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Paging;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Audit;

/// <summary>
/// Reading the audit log, newest first by (time, id), keyset-paged: the REST API's <c>GET /audit</c> and the
/// console's audit page. The DbContext's tenant filter decides whose events these are.
/// </summary>
public static class AuditTrail
{
    public const int MaxActionLength = 100;

    /// <summary>Null when <paramref name="action"/> can filter; else why not.</summary>
    public static string? ActionProblem(string? action) =>
        action is { Length: > MaxActionLength } || (action?.Any(char.IsControl) ?? false)
            ? $"action must be at most {MaxActionLength} characters, without control characters."
            : null;

    /// <param name="action">One action (<c>api_key.create</c>), or every action of a noun with a trailing dot (<c>api_key.</c>).</param>
    public static async Task<KeysetPage<AuditEventItem>> PageAsync(
        this IQueryable<AuditEvent> events, string? action, DateTimeOffset? from, DateTimeOffset? to, KeysetCursor? after, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        events = events.AsNoTracking();
        if (action is not null)
        {
            events = action.EndsWith('.')
                ? events.Where(e => e.Action.StartsWith(action))
                : events.Where(e => e.Action == action);
        }

        events = from is { } f ? events.Where(e => e.OccurredAt >= f) : events;
        events = to is { } t ? events.Where(e => e.OccurredAt < t) : events;
        if (after is { } c)
        {
            events = events.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(c.At, c.Id)));
        }

        var rows = await events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.ConvertAll(e => new AuditEventItem(e.Id, e.OccurredAt, e.ActorType, e.ActorId, e.ActorName, e.Action,
            e.TargetType, e.TargetId, e.RemoteAddress,
            e.Details is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(e.Details)));
        return KeysetPaging.ToPage(items, limit, e => new KeysetCursor(e.OccurredAt, e.Id));
    }
}
