namespace LlmObserve.Administration.Audit;

/// <summary>Who performs the audited action, as stored in its audit event.</summary>
/// <param name="Type">One of <see cref="AuditActors"/>.</param>
/// <param name="Id">The actor's id of that type (API key id, node id, user id), when it has one.</param>
/// <param name="Name">A name people recognize (the API key's name, the user's name), when known.</param>
/// <param name="RemoteAddress">The address the action came from, when it came over the network.</param>
public sealed record AuditActor(string Type, string? Id, string? Name, string? RemoteAddress);

/// <summary>
/// The actor of the current unit of work (a request, a console circuit). Implemented by each host, which
/// alone knows how its callers authenticate; <see cref="AuditLog"/> asks it once per recorded event.
/// </summary>
public interface IAuditActorAccessor
{
    /// <summary>The current actor; <see cref="AuditActors.System"/> when nobody is identified.</summary>
    AuditActor Current { get; }
}
