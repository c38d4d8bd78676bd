using LlmObserve.Data.Tenancy;

namespace LlmObserve.IngestApi.Auth;

/// <summary>The tenant of the authenticated caller (API key or node credential); none before authentication.</summary>
internal sealed class HttpTenantContext(IHttpContextAccessor accessor) : ITenantContext
{
    public Guid? TenantId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirst(LlmObserveClaims.TenantId)?.Value, out var id) ? id : null;
}
