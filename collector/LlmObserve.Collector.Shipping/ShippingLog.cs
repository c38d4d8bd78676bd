using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// The shipping stage's log messages. EventIds 6100–6199 (collector shipping; ingest-api uses 2xxx,
/// scanner-worker 3xxx): 610x lifecycle, 611x credentials, 612x delivery, 613x spool, 614x heartbeats.
/// </summary>
internal static partial class ShippingLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Shipping to {IngestUrl} as node {NodeName}; {SpooledFiles} spooled batches waiting in {StateDirectory}")]
    public static partial void Started(ILogger logger, Uri ingestUrl, string nodeName, int spooledFiles, string stateDirectory);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Shipping stopped: {SpooledFiles} batches ({SpooledBytes} bytes) left in the spool for the next start; {ShippedExchanges} exchanges shipped")]
    public static partial void Stopped(ILogger logger, int spooledFiles, long spooledBytes, long shippedExchanges);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Critical, Message = "The shipping {Loop} loop failed; exchanges are no longer shipped until the collector restarts")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "Unexpected error in the shipping loop; retrying after backoff")]
    public static partial void LoopError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "Using the node credential stored in {Path}")]
    public static partial void CredentialLoaded(ILogger logger, string path);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "Enrolled as node {NodeName} (node {NodeId}, cluster {ClusterId}); credential stored in {Path}")]
    public static partial void Enrolled(ILogger logger, string nodeName, Guid nodeId, Guid clusterId, string path);

    [LoggerMessage(EventId = 6118, Level = LogLevel.Information, Message = "Replaced the node credential (node {NodeId}); the new one is stored in {Path}")]
    public static partial void CredentialRotated(ILogger logger, Guid nodeId, string path);

    [LoggerMessage(EventId = 6119, Level = LogLevel.Warning, Message = "Replacing the node credential failed: {Reason}; the current one stays in use, next try in {RetryIn}")]
    public static partial void CredentialRotationFailed(ILogger logger, string reason, TimeSpan retryIn);

    [LoggerMessage(EventId = 6112, Message = "Enrollment as node {NodeName} failed: {Reason} (will retry: {Retryable})")]
    public static partial void EnrollFailed(ILogger logger, LogLevel level, string nodeName, string reason, bool retryable);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Error, Message = "ingest-api refuses this node's credential ({Path}), so it was revoked or the node was enrolled again elsewhere; answer: {Reason}. " +
        "No enrollment token is configured: captured exchanges are kept in the spool (at most Shipping:SpoolCapBytes) until Shipping:EnrollmentToken is set or a valid credential file is put in place")]
    public static partial void CredentialRefused(ILogger logger, string reason, string path);

    [LoggerMessage(EventId = 6117, Level = LogLevel.Error, Message = "ingest-api refuses this node's credential ({Path}), so it was revoked or the node was enrolled again elsewhere; answer: {Reason}. " +
        "Enrolling again with the configured enrollment token")]
    public static partial void CredentialRefusedEnrolling(ILogger logger, string reason, string path);

    [LoggerMessage(EventId = 6114, Level = LogLevel.Debug, Message = "ingest-api still refuses the node credential: {Reason}")]
    public static partial void CredentialStillRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6115, Level = LogLevel.Information, Message = "ingest-api accepts the node credential again; delivering the spool")]
    public static partial void CredentialAcceptedAgain(ILogger logger);

    [LoggerMessage(EventId = 6116, Level = LogLevel.Error, Message = "Could not store the node credential in {Path}; it is used for this run only, and the next start enrolls again")]
    public static partial void CredentialNotStored(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Warning, Message = "Delivery of a batch of {Exchanges} exchanges failed: {Reason}. Retrying within {Backoff}; {SpooledFiles} batches in the spool")]
    public static partial void DeliveryFailed(ILogger logger, int exchanges, string reason, TimeSpan backoff, int spooledFiles);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Error, Message = "ingest-api rejected a batch of {Exchanges} exchanges; dropped, not retried: {Problem}")]
    public static partial void BatchRejected(ILogger logger, int exchanges, string problem);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Information, Message = "ingest-api found a batch of {Exchanges} exchanges too large ({Reason}); sending it in halves")]
    public static partial void BatchSplit(ILogger logger, int exchanges, string reason);

    [LoggerMessage(EventId = 6123, Level = LogLevel.Error, Message = "ingest-api refuses a single exchange as too large; dropped: {Reason}")]
    public static partial void ExchangeTooLarge(ILogger logger, string reason);

    [LoggerMessage(EventId = 6124, Level = LogLevel.Error, Message = "{Count} exchanges cannot be serialized with the capture contract and were dropped")]
    public static partial void ExchangesInvalid(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 6125, Level = LogLevel.Error, Message = "A batch of {Exchanges} exchanges could not be read back to split it; dropped")]
    public static partial void BatchUnreadable(ILogger logger, Exception exception, int exchanges);

    [LoggerMessage(EventId = 6130, Level = LogLevel.Information, Message = "Found {Files} spooled batches ({Bytes} bytes) in {Directory}; delivering them first")]
    public static partial void SpoolFound(ILogger logger, int files, long bytes, string directory);

    [LoggerMessage(EventId = 6131, Level = LogLevel.Warning, Message = "Dropped a batch of {Exchanges} exchanges ({Reason}): the spool holds {SpoolBytes} of {SpoolCapBytes} bytes; " +
        "{DroppedTotal} exchanges dropped for this reason since start (this message repeats at most once a minute)")]
    public static partial void BatchDropped(ILogger logger, int exchanges, string reason, long spoolBytes, long spoolCapBytes, long droppedTotal);

    [LoggerMessage(EventId = 6132, Level = LogLevel.Error, Message = "Could not write a batch to the spool in {Directory}")]
    public static partial void SpoolWriteFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 6133, Level = LogLevel.Warning, Message = "Spool file {Name} ({Exchanges} exchanges) is unusable ({Reason}); moved to spool/corrupt and counted as dropped")]
    public static partial void SpoolFileCorrupt(ILogger logger, string name, int exchanges, string reason);

    [LoggerMessage(EventId = 6140, Level = LogLevel.Debug, Message = "Heartbeat skipped: the node has no credential yet")]
    public static partial void HeartbeatSkipped(ILogger logger);

    [LoggerMessage(EventId = 6141, Level = LogLevel.Debug, Message = "Heartbeat not sent: building it failed")]
    public static partial void HeartbeatNotProduced(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6142, Level = LogLevel.Debug, Message = "Heartbeat not sent: this ingest-api has no {Path} (404); shipping is not affected")]
    public static partial void HeartbeatNotSupported(ILogger logger, string path);

    [LoggerMessage(EventId = 6143, Level = LogLevel.Debug, Message = "Heartbeat failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);
}
