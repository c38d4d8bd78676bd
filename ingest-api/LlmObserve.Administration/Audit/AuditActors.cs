using LlmObserve.Data.Entities;

namespace LlmObserve.Administration.Audit;

/// <summary>Who can act: the values of <see cref="AuditEvent.ActorType"/>.</summary>
public static class AuditActors
{
    /// <summary>A tenant API key (REST API); the actor id is the key's id.</summary>
    public const string ApiKey = "api_key";

    /// <summary>An enrolled node's collector; the actor id is the node's id.</summary>
    public const string Node = "node";

    /// <summary>The ingest-api command line; the actor name is the operating-system user.</summary>
    public const string Cli = "cli";

    /// <summary>A person signed in to the web console.</summary>
    public const string User = "user";

    /// <summary>Nobody identifiable: the backend acting on its own.</summary>
    public const string System = "system";
}
