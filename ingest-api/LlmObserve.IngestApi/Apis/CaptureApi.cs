using System.Data.Common;
using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Apis;

/// <summary>Collectors post captured exchanges here, with their node credential.</summary>
internal static partial class CaptureApi
{
    private const string LogCategory = "LlmObserve.IngestApi.Ingest";

    public static void MapCaptureApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/ingest/exchanges", IngestAsync)
            .RequireAuthorization(AuthenticationSetup.NodePolicy)
            .WithName("IngestExchanges")
            .WithTags("Collector")
            .WithSummary("Post a batch of captured exchanges")
            .WithDescription("Body: gzip-compressed JSON (Content-Type: application/json, Content-Encoding: gzip) of a CaptureBatch. " +
                "202 means the broker has confirmed the batch and nothing will be lost. Exchanges are stored once per id, so retrying a batch is safe. " +
                "Send 'Expect: 100-continue' so that a batch over the size limit is refused (413) before its body is sent.")
            .WithJsonRequestBody<Contracts.Capture.CaptureBatch>("A CaptureBatch, gzip-compressed (Content-Encoding: gzip).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult, ValidationProblem>> IngestAsync(
        HttpContext http, BatchReader reader, BatchPublisher publisher, NodeStatus nodes, IOptions<IngestOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var receivedAt = clock.GetUtcNow();
        var user = http.User;
        var tenantId = Guid.Parse(user.FindFirst(LlmObserveClaims.TenantId)!.Value);
        var clusterId = Guid.Parse(user.FindFirst(LlmObserveClaims.ClusterId)!.Value);
        var nodeId = Guid.Parse(user.FindFirst(LlmObserveClaims.NodeId)!.Value);

        Contracts.Capture.CaptureBatch batch;
        try
        {
            batch = await reader.ReadAsync(http.Request, http.RequestAborted);
            BatchValidator.Validate(batch, options.Value, receivedAt);
        }
        catch (IngestRejectedException e)
        {
            LogRejected(logger, nodeId, e.Status, e.Message);
            if (e.Errors is not null)
            {
                return TypedResults.ValidationProblem(e.Errors, e.Message, title: e.Title);
            }

            return TypedResults.Problem(e.Message, statusCode: e.Status, title: e.Title);
        }

        var batchId = Guid.CreateVersion7();
        try
        {
            await publisher.PublishAsync(batch, tenantId, clusterId, nodeId, batchId, receivedAt, http.RequestAborted);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Not confirmed by the broker: not accepted. The collector keeps the batch and retries.
            LogPublishFailed(logger, e, batchId, nodeId);
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem("The message broker did not confirm the batch; nothing was accepted. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable");
        }

        LogAccepted(logger, batchId, nodeId, batch.Exchanges.Count);
        try
        {
            await nodes.MarkSeenAsync(nodeId, receivedAt, http.RequestAborted);
        }
        catch (DbException e)
        {
            // The batch is accepted already; a failed bookkeeping write must not make the collector send it again.
            LogMarkSeenFailed(logger, e, nodeId);
        }

        return TypedResults.Accepted((string?)null, new BatchAccepted(batchId, batch.Exchanges.Count));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Accepted batch {BatchId} of {Count} exchanges from node {NodeId}")]
    private static partial void LogAccepted(ILogger logger, Guid batchId, Guid nodeId, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Rejected a batch from node {NodeId} with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid nodeId, int status, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Broker did not confirm batch {BatchId} from node {NodeId}; answered 503")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, Guid batchId, Guid nodeId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Could not record that node {NodeId} was seen")]
    private static partial void LogMarkSeenFailed(ILogger logger, Exception exception, Guid nodeId);
}
