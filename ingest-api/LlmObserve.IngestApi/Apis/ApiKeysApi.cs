using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LlmObserve.IngestApi.Apis;

/// <summary>The tenant's API keys. Needs scope admin.</summary>
internal static class ApiKeysApi
{
    public static void MapApiKeysApi(this RouteGroupBuilder v1)
    {
        var keys = v1.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(ApiScopes.Admin).ProducesAuthProblems();

        keys.MapGet("/", async (TenantApiKeys apiKeys, CancellationToken ct) => TypedResults.Ok(await apiKeys.ListAsync(ct)))
            .WithName("ListApiKeys")
            .WithSummary("List the tenant's API keys, newest first")
            .WithDescription("Name, scopes, when each was created, last used (to the minute) and revoked; never the key itself. Needs scope admin.");

        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key")
            .WithDescription("The key is in this answer only and stored hashed. Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        keys.MapGet("/{keyId:guid}", async Task<Results<Ok<ApiKeyItem>, ProblemHttpResult>> (Guid keyId, TenantApiKeys apiKeys, CancellationToken ct) =>
                await apiKeys.GetAsync(keyId, ct) is { } key ? TypedResults.Ok(key) : NoKey(keyId))
            .WithName("GetApiKey")
            .WithSummary("One API key")
            .WithDescription("Needs scope admin. 404 when the tenant has no key with this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        keys.MapDelete("/{keyId:guid}", async Task<Results<Ok<ApiKeyItem>, ProblemHttpResult>> (Guid keyId, TenantApiKeys apiKeys, CancellationToken ct) =>
                await apiKeys.RevokeAsync(keyId, ct) is { } key ? TypedResults.Ok(key) : NoKey(keyId))
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Refused from the next request on. Idempotent. A key can revoke itself. Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<IssuedSecretResponse<ApiKeyItem>>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, TenantApiKeys apiKeys, CancellationToken ct)
    {
        if (Problems.CheckName(request.Name, "name", FleetRules.MaxNameLength) is { } invalid)
        {
            return invalid;
        }

        if (request.Scopes is not [_, ..] scopes || scopes.Except(ApiScopes.All, StringComparer.Ordinal).Any())
        {
            return Problems.Invalid($"scopes must list one or more of {string.Join(", ", ApiScopes.All)}.");
        }

        var issued = await apiKeys.CreateAsync(request.Name!.Trim(), [.. scopes], ct);
        return TypedResults.Created($"/api/v1/api-keys/{issued.Item.Id}", issued);
    }

    private static ProblemHttpResult NoKey(Guid keyId) => Problems.NotFound($"The tenant has no API key {keyId}.");
}
