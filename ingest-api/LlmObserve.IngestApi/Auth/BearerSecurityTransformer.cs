using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LlmObserve.IngestApi.Auth;

/// <summary>Documents the two bearer schemes in the OpenAPI document.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[AuthenticationSetup.ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A tenant API key (llmo_key_…), with the scope the endpoint names.",
        };
        document.Components.SecuritySchemes[AuthenticationSetup.NodeScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A node credential (llmo_node_…) obtained from POST /api/v1/enroll.",
        };
        return Task.CompletedTask;
    }
}
