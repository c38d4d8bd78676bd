namespace LlmObserve.Stress.Load;

/// <summary>A background loop: an action on every tick of a period, until the token is cancelled.</summary>
internal static class Every
{
    /// <summary>Runs <paramref name="action"/> every <paramref name="period"/>; returns (without throwing) once <paramref name="stop"/> is cancelled.</summary>
    public static async Task RunAsync(TimeSpan period, Func<Task> action, CancellationToken stop)
    {
        using var tick = new PeriodicTimer(period);
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                await action();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopped
        }
    }
}
