using LlmObserve.Contracts.Enrollment;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// Posts the host's <see cref="NodeHeartbeat"/> every interval. Best effort: failures are logged at
/// debug level (a backend without the endpoint answers 404) and never hold up shipping, which runs
/// on its own task; a slow heartbeat only delays the next one.
/// </summary>
internal sealed class HeartbeatSender(
    ShippingOptions options, Func<NodeHeartbeat> produce, IngestClient client, NodeCredentials credentials, ILogger logger, TimeProvider clock)
{
    private long _sent;

    /// <summary>Heartbeats the backend accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await SendAsync(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(CancellationToken stopping)
    {
        if (credentials.Current is not { } credential)
        {
            ShippingLog.HeartbeatSkipped(logger);
            return;
        }

        NodeHeartbeat heartbeat;
        try
        {
            heartbeat = produce();
        }
#pragma warning disable CA1031 // the host's callback must not end the heartbeat loop, whatever it throws
        catch (Exception e)
#pragma warning restore CA1031
        {
            ShippingLog.HeartbeatNotProduced(logger, e);
            return;
        }

        var answer = await client.PostHeartbeatAsync(heartbeat, credential, stopping);
        if (answer.Outcome == DeliveryOutcome.Accepted)
        {
            Interlocked.Increment(ref _sent);
        }
        else if (answer.Status == 404)
        {
            ShippingLog.HeartbeatNotSupported(logger, IngestClient.HeartbeatPath);
        }
        else
        {
            ShippingLog.HeartbeatFailed(logger, answer.Detail);
        }
    }
}
