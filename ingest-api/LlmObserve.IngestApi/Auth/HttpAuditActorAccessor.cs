using LlmObserve.Administration.Audit;

namespace LlmObserve.IngestApi.Auth;

/// <summary>
/// The actor of the current request, from its authentication: the API key (its id and name), else the node
/// (its id), else the system; and the address the request came from.
/// </summary>
internal sealed class HttpAuditActorAccessor(IHttpContextAccessor accessor) : IAuditActorAccessor
{
    public AuditActor Current
    {
        get
        {
            var http = accessor.HttpContext;
            var user = http?.User;
            var keyId = user?.FindFirst(LlmObserveClaims.ApiKeyId)?.Value;
            var nodeId = user?.FindFirst(LlmObserveClaims.NodeId)?.Value;
            return new AuditActor(
                keyId is not null ? AuditActors.ApiKey : nodeId is not null ? AuditActors.Node : AuditActors.System,
                keyId ?? nodeId,
                user?.FindFirst(LlmObserveClaims.ApiKeyName)?.Value,
                http?.Connection.RemoteIpAddress?.ToString());
        }
    }
}
