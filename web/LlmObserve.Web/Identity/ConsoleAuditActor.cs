using System.Security.Claims;
using LlmObserve.Administration.Audit;

namespace LlmObserve.Web.Identity;

/// <summary>Console actions are audited as the signed-in user (id and e-mail) from the request's address.</summary>
internal sealed class ConsoleAuditActor(IHttpContextAccessor accessor) : IAuditActorAccessor
{
    public AuditActor Current
    {
        get
        {
            var http = accessor.HttpContext;
            var user = http?.User;
            return new AuditActor(
                AuditActors.User,
                user?.FindFirstValue(ClaimTypes.NameIdentifier),
                user?.FindFirstValue(ClaimTypes.Name),
                http?.Connection.RemoteIpAddress?.ToString());
        }
    }
}
