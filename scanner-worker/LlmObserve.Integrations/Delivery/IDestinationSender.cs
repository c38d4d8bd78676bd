using LlmObserve.Data.Findings;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Sends findings to one destination. One instance per destination, used by one delivery loop at
/// a time (not thread-safe); it keeps its connection between sends and reconnects after a failure.
/// </summary>
public interface IDestinationSender : IAsyncDisposable
{
    /// <summary>
    /// What is sent for <paramref name="finding"/>, as text: the body of a webhook request, or the
    /// whole RFC 5424 message for syslog. Stored as is in a dead letter, so that it can be sent again.
    /// </summary>
    string Payload(FindingEvent finding);

    /// <summary>Sends one payload; <paramref name="findingId"/> lets the receiver drop repeats.</summary>
    /// <exception cref="DeliveryFailedException">The destination did not take it (refused, unreachable, timed out).</exception>
    Task SendAsync(Guid findingId, string payload, CancellationToken cancellationToken);
}

/// <summary>A destination did not take a payload; the message says why, for the destination's last error and dead letters.</summary>
public sealed class DeliveryFailedException : Exception
{
    public DeliveryFailedException()
    {
    }

    public DeliveryFailedException(string message)
        : base(message)
    {
    }

    public DeliveryFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
