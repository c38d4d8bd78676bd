namespace LlmObserve.IngestApi.Apis;

/// <summary>For handlers that read their body themselves, so that they can say exactly what is wrong with it.</summary>
internal static class RequestBodyDocumentation
{
    /// <summary>
    /// Describes <typeparamref name="T"/> as the JSON request body in the OpenAPI document. Not
    /// with Accepts&lt;T&gt;(): that would make routing answer 415 itself, without saying why.
    /// </summary>
    public static RouteHandlerBuilder WithJsonRequestBody<T>(this RouteHandlerBuilder builder, string description) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });
}
