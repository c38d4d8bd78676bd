using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LlmObserve.IngestApi.Apis;

/// <summary>The tenant's clusters and their enrollment tokens. Reading and changing need scope admin.</summary>
internal static class ClustersApi
{

    public static void MapClustersApi(this RouteGroupBuilder v1)
    {
        var clusters = v1.MapGroup("/clusters").WithTags("Clusters").RequireAuthorization(ApiScopes.Admin).ProducesAuthProblems();

        clusters.MapGet("/", async (TenantFleet fleet, CancellationToken ct) => TypedResults.Ok(await fleet.ListClustersAsync(ct)))
            .WithName("ListClusters")
            .WithSummary("List the tenant's clusters")
            .WithDescription("With each cluster's node count and when a node of it was last seen. Needs scope admin.");

        clusters.MapPost("/", CreateClusterAsync)
            .WithName("CreateCluster")
            .WithSummary("Add a cluster")
            .WithDescription("Names are unique within the tenant (409 otherwise). Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        clusters.MapGet("/{clusterId:guid}", async Task<Results<Ok<ClusterItem>, ProblemHttpResult>> (Guid clusterId, TenantFleet fleet, CancellationToken ct) =>
                await fleet.GetClusterAsync(clusterId, ct) is { } cluster ? TypedResults.Ok(cluster) : NoCluster(clusterId))
            .WithName("GetCluster")
            .WithSummary("One cluster")
            .WithDescription("Needs scope admin. 404 when the tenant has no cluster with this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        clusters.MapGet("/{clusterId:guid}/enrollment-tokens",
                async Task<Results<Ok<IReadOnlyList<EnrollmentTokenItem>>, ProblemHttpResult>> (Guid clusterId, TenantFleet fleet, CancellationToken ct) =>
                    await fleet.ListEnrollmentTokensAsync(clusterId, ct) is { } tokens ? TypedResults.Ok(tokens) : NoCluster(clusterId))
            .WithName("ListEnrollmentTokens")
            .WithSummary("List a cluster's enrollment tokens, newest first")
            .WithDescription("Without the tokens themselves (those are shown once, at creation): status, expiry, uses. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        clusters.MapPost("/{clusterId:guid}/enrollment-tokens", CreateTokenAsync)
            .WithName("CreateEnrollmentToken")
            .WithSummary("Issue an enrollment token for a cluster")
            .WithDescription("Collectors exchange it for node credentials (POST /api/v1/enroll). The token is in this answer only and stored hashed. Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapDelete("/enrollment-tokens/{tokenId:guid}",
                async Task<Results<Ok<EnrollmentTokenItem>, ProblemHttpResult>> (Guid tokenId, TenantFleet fleet, CancellationToken ct) =>
                    await fleet.RevokeEnrollmentTokenAsync(tokenId, ct) is { } token
                        ? TypedResults.Ok(token)
                        : Problems.NotFound($"The tenant has no enrollment token {tokenId}."))
            .RequireAuthorization(ApiScopes.Admin)
            .ProducesAuthProblems()
            .WithTags("Clusters")
            .WithName("RevokeEnrollmentToken")
            .WithSummary("Revoke an enrollment token")
            .WithDescription("No node can enroll with it from now on; nodes that enrolled with it keep their credentials. Idempotent. Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<ClusterItem>, ProblemHttpResult>> CreateClusterAsync(
        CreateClusterRequest request, TenantFleet fleet, CancellationToken ct)
    {
        if (Problems.CheckName(request.Name, "name", FleetRules.MaxNameLength) is { } invalid)
        {
            return invalid;
        }

        var cluster = await fleet.CreateClusterAsync(request.Name!.Trim(), ct);
        return cluster is null
            ? Problems.Conflict($"The tenant already has a cluster named '{request.Name.Trim()}'.")
            : TypedResults.Created($"/api/v1/clusters/{cluster.Id}", cluster);
    }

    private static async Task<Results<Created<IssuedSecretResponse<EnrollmentTokenItem>>, ProblemHttpResult>> CreateTokenAsync(
        Guid clusterId, CreateEnrollmentTokenRequest request, TenantFleet fleet, CancellationToken ct)
    {
        if ((FleetRules.TokenProblem(request.Ttl, request.MaxUses, out var lifetime) ?? FleetRules.DescriptionProblem(request.Description)) is { } problem)
        {
            return Problems.Invalid(problem);
        }

        var issued = await fleet.CreateEnrollmentTokenAsync(clusterId, lifetime, request.MaxUses ?? 1, request.Description, ct);
        return issued is null ? NoCluster(clusterId) : TypedResults.Created($"/api/v1/clusters/{clusterId}/enrollment-tokens", issued);
    }

    private static ProblemHttpResult NoCluster(Guid clusterId) => Problems.NotFound($"The tenant has no cluster {clusterId}.");
}
