using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Fleet;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>Enrolled nodes with what their collectors last reported; revocation; a collector's own credential rotation.</summary>
internal static class NodesApi
{
    public static void MapNodesApi(this RouteGroupBuilder v1)
    {
        var nodes = v1.MapGroup("/nodes").WithTags("Nodes").RequireAuthorization(ApiScopes.Admin).ProducesAuthProblems();

        nodes.MapGet("/", async ([FromQuery(Name = "clusterId")] Guid? clusterId, TenantFleet fleet, CancellationToken ct) =>
                TypedResults.Ok(await fleet.ListNodesAsync(clusterId, ct)))
            .WithName("ListNodes")
            .WithSummary("List enrolled nodes, optionally of one cluster")
            .WithDescription("Each with its collector's version, kernel, capture targets, counters (drops by reason), last heartbeat and status " +
                "(active, stale: nothing heard for 5 minutes, revoked). Needs scope admin.");

        nodes.MapGet("/{nodeId:guid}", async Task<Results<Ok<NodeItem>, ProblemHttpResult>> (Guid nodeId, TenantFleet fleet, CancellationToken ct) =>
                await fleet.GetNodeAsync(nodeId, ct) is { } node ? TypedResults.Ok(node) : NoNode(nodeId))
            .WithName("GetNode")
            .WithSummary("One node")
            .WithDescription("Needs scope admin. 404 when the tenant has no node with this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        nodes.MapPost("/{nodeId:guid}/revoke", async Task<Results<Ok<NodeItem>, ProblemHttpResult>> (Guid nodeId, TenantFleet fleet, CancellationToken ct) =>
                await fleet.RevokeNodeAsync(nodeId, ct) is { } node ? TypedResults.Ok(node) : NoNode(nodeId))
            .WithName("RevokeNode")
            .WithSummary("Revoke a node's credentials")
            .WithDescription("Its collector is refused from the next request on (401), and enrolling again under its name is refused until an administrator re-admits it. Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        nodes.MapPost("/{nodeId:guid}/readmit", async Task<Results<Ok<NodeItem>, ProblemHttpResult>> (Guid nodeId, TenantFleet fleet, CancellationToken ct) =>
                await fleet.ReadmitNodeAsync(nodeId, ct) is { } node ? TypedResults.Ok(node) : NoNode(nodeId))
            .WithName("ReadmitNode")
            .WithSummary("Let a revoked node enroll again")
            .WithDescription("Its credentials stay revoked; its collector comes back by enrolling with a valid enrollment token. Audited. Needs scope admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPost("/ingest/credentials/rotate", RotateAsync)
            .RequireAuthorization(AuthenticationSetup.NodePolicy)
            .WithTags("Collector")
            .WithName("RotateNodeCredential")
            .WithSummary("Replace the calling collector's node credential")
            .WithDescription("Answers a new credential (shown once, stored hashed). The credential the call was made with keeps working for 2 s, " +
                "for requests already under way, then stops. Audited.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Results<Ok<RotatedCredential>, ProblemHttpResult>> RotateAsync(HttpContext http, NodeCredentialRotation rotation, CancellationToken ct)
    {
        var nodeId = Guid.Parse(http.User.FindFirst(LlmObserveClaims.NodeId)!.Value);
        var credentialId = Guid.Parse(http.User.FindFirst(LlmObserveClaims.CredentialId)!.Value);
        return await rotation.RotateAsync(nodeId, credentialId, ct) is { } rotated
            ? TypedResults.Ok(rotated)
            : TypedResults.Problem("This node credential was revoked or replaced meanwhile.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }

    private static ProblemHttpResult NoNode(Guid nodeId) => Problems.NotFound($"The tenant has no node {nodeId}.");
}
