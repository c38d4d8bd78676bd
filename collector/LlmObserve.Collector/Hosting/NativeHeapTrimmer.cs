using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Hosting;

/// <summary>
/// Trims the native heap once a minute, so the collector's footprint levels off. In the 30-minute soak
/// at 200 exchanges/s (issue 8) its memory grew by 1 to 2 MB a minute and had not levelled off after
/// 30 minutes; the managed heap was flat. The growth was free memory kept in malloc's arenas:
/// churn by the runtime and the native libraries it calls (OpenSSL's hashes, zlib's state for each
/// shipped batch, the JIT's scratch memory, thread-pool threads coming and going). One
/// <c>malloc_trim</c> 8 minutes in returned 17 MB of 112 MB.
/// </summary>
internal sealed partial class NativeHeapTrimmer(TimeProvider time, ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!NativeHeap.TryTrim())
                {
                    LogNoTrim(logger);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This C library has no malloc_trim; the native heap is not trimmed")]
    private static partial void LogNoTrim(ILogger logger);
}
