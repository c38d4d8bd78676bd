namespace LlmObserve.Collector.Shipping;

/// <summary>
/// Exponential backoff with jitter: the delay doubles from min to max, and each wait is a random
/// point in its upper half, so a fleet of collectors does not retry in step after an outage.
/// Used by one loop at a time (not thread-safe).
/// </summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max, TimeProvider clock)
{
    private readonly TimeSpan _min = min;
    private TimeSpan _next = min;

    public void Reset() => _next = _min;

    /// <summary>The delay the next wait will be at most.</summary>
    public TimeSpan Next => _next;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var delay = _next * (0.5 + (Random.Shared.NextDouble() / 2));
        _next = _next * 2 < max ? _next * 2 : max;
        return Task.Delay(delay, clock, cancellationToken);
    }
}
