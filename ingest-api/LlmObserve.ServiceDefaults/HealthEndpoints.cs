using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LlmObserve.ServiceDefaults;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: its dependencies answer too
    /// (PostgreSQL, the bus), checks tagged <c>ready</c>. Both answer without
    /// authentication, also where a fallback policy requires it (the console).
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false })
            .WithName("Liveness").WithTags("Health").ExcludeFromDescription().AllowAnonymous();
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") })
            .WithName("Readiness").WithTags("Health").ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }
}
