using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>Collectors report their health here periodically, with their node credential.</summary>
internal static partial class HeartbeatApi
{
    private const string LogCategory = "LlmObserve.IngestApi.Ingest";

    public static void MapHeartbeatApi(this RouteGroupBuilder v1) =>
        v1.MapPost("/ingest/heartbeat", RecordAsync)
            .RequireAuthorization(AuthenticationSetup.NodePolicy)
            .WithMetadata(new RequestSizeLimitAttribute(HeartbeatReader.MaxBodyBytes)) // applied by routing, enforced by Kestrel
            .WithName("IngestHeartbeat")
            .WithTags("Collector")
            .WithSummary("Report the collector's versions, capture coverage and counters")
            .WithDescription("Body: JSON (Content-Type: application/json, uncompressed, at most 64 KiB) of a NodeHeartbeat. " +
                "Records it on the node of the credential, together with the time it was seen; 204 once stored.")
            .WithJsonRequestBody<NodeHeartbeat>("A NodeHeartbeat.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RecordAsync(
        HttpContext http, NodeStatus nodes, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var now = clock.GetUtcNow();
        var nodeId = Guid.Parse(http.User.FindFirst(LlmObserveClaims.NodeId)!.Value);
        NodeHeartbeat heartbeat;
        try
        {
            heartbeat = await HeartbeatReader.ReadAsync(http.Request, now, http.RequestAborted);
        }
        catch (IngestRejectedException e)
        {
            LogRejected(logger, nodeId, e.Status, e.Message);
            return e.Errors is not null
                ? TypedResults.ValidationProblem(e.Errors, e.Message, title: e.Title)
                : TypedResults.Problem(e.Message, statusCode: e.Status, title: e.Title);
        }

        await nodes.RecordHeartbeatAsync(nodeId, heartbeat, now, http.RequestAborted);
        return TypedResults.NoContent();
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Rejected a heartbeat from node {NodeId} with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid nodeId, int status, string reason);
}
