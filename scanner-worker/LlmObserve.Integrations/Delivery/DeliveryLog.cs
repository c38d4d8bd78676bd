using Microsoft.Extensions.Logging;

namespace LlmObserve.Integrations.Delivery;

/// <summary>Push delivery's log events (EventIds 32xx).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Destination {DestinationId}: delivered finding {FindingId} after {Attempts} attempt(s)")]
    public static partial void Delivered(this ILogger logger, Guid destinationId, Guid findingId, int attempts);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Destination {DestinationId}: attempt {Attempt} of {MaxAttempts} for finding {FindingId} failed, retrying in {Delay}: {Error}")]
    public static partial void AttemptFailed(this ILogger logger, Guid destinationId, Guid findingId, int attempt, int maxAttempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Destination {DestinationId}: finding {FindingId} dead-lettered after {Attempts} attempt(s): {Error}")]
    public static partial void DeadLettered(this ILogger logger, Guid destinationId, Guid findingId, int attempts, string error);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Error, Message = "Destination {DestinationId}: delivery stopped by an unexpected error; it resumes at the next poll")]
    public static partial void DestinationFailed(this ILogger logger, Guid destinationId, Exception exception);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "Could not list the destinations to deliver; trying again at the next poll")]
    public static partial void PollFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "Destination {DestinationId} is misconfigured and is skipped: {Error}")]
    public static partial void Misconfigured(this ILogger logger, Guid destinationId, string error);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "Destination {DestinationId}: its position moved or it was deleted while this worker delivered; leaving it")]
    public static partial void PositionMoved(this ILogger logger, Guid destinationId);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Information, Message = "Destination {DestinationId} was disabled, deleted or changed its url or format while finding {FindingId} was being delivered; going on with its current settings")]
    public static partial void DestinationChanged(this ILogger logger, Guid destinationId, Guid findingId);
}
