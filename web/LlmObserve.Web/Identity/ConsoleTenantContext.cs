using System.Security.Claims;
using LlmObserve.Data.Tenancy;

namespace LlmObserve.Web.Identity;

/// <summary>
/// The tenant of the signed-in console user, from the claim <see cref="ConsoleClaimsFactory"/> set;
/// none when signed out. Read by the tenant filter of the shared DbContext, exactly as the REST
/// API's tenant is: pages never pass a tenant id themselves.
/// </summary>
internal sealed class ConsoleTenantContext(IHttpContextAccessor accessor) : ITenantContext
{
    public Guid? TenantId => TenantOf(accessor.HttpContext?.User);

    public static Guid? TenantOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirst(ConsoleClaims.TenantId)?.Value, out var id) ? id : null;
}
