using System.Collections.Concurrent;
using LlmObserve.Collector.Pipeline;

namespace LlmObserve.Collector.Shipping;

/// <summary>Why the shipping stage dropped exchanges; counted as <c>dropped.shipping.&lt;reason&gt;</c>.</summary>
public static class ShippingDropReasons
{
    public const string Stage = "shipping";

    /// <summary>The memory queue was full and the spool at its cap (or disabled).</summary>
    public const string SpoolFull = "spool_full";

    /// <summary>The memory queue was full and the spool writer could not keep up with the disk.</summary>
    public const string QueueFull = "queue_full";

    /// <summary>The backend refused the batch as invalid (400/415/422); retrying cannot help.</summary>
    public const string Rejected = "rejected";

    /// <summary>A single exchange the backend found too large (413) even alone.</summary>
    public const string TooLarge = "too_large";

    /// <summary>A spool file that was unreadable, truncated or not gzip; moved to <c>spool/corrupt</c>.</summary>
    public const string SpoolCorrupt = "spool_corrupt";

    /// <summary>Writing a spool file failed (disk full, I/O error).</summary>
    public const string SpoolError = "spool_error";

    /// <summary>An exchange the wire contract cannot carry (a required member missing): a bug upstream.</summary>
    public const string Invalid = "invalid";

    /// <summary>Enqueued after the shipper stopped.</summary>
    public const string Stopped = "stopped";
}

/// <summary>A snapshot of the shipping stage, for the host's heartbeat counters and health.</summary>
public sealed record ShippingStatus
{
    /// <summary>Exchanges in memory, not yet in a delivered or spooled batch.</summary>
    public required long Queued { get; init; }

    public required int SpooledFiles { get; init; }

    public required long SpooledBytes { get; init; }

    /// <summary>Exchanges the backend accepted (202) since start; a retried batch counts each time it is accepted.</summary>
    public required long ShippedExchanges { get; init; }

    public required long ShippedBatches { get; init; }

    public required DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>What went wrong last, in plain words; null until something does. Not cleared by a success.</summary>
    public required string? LastError { get; init; }

    public required DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The backend refuses the node credential and the collector could not enroll again.</summary>
    public required bool Unauthorized { get; init; }

    /// <summary>Exchanges dropped since start, by <see cref="ShippingDropReasons"/>.</summary>
    public required IReadOnlyDictionary<string, long> Dropped { get; init; }

    /// <summary>Heartbeat counters, e.g. <c>shipping.queued</c>, <c>shipped.exchanges</c>, <c>dropped.shipping.spool_full</c>.</summary>
    public IEnumerable<KeyValuePair<string, long>> Counters()
    {
        yield return new("shipping.queued", Queued);
        yield return new("shipping.spooled_files", SpooledFiles);
        yield return new("shipping.spooled_bytes", SpooledBytes);
        yield return new("shipped.exchanges", ShippedExchanges);
        yield return new("shipped.batches", ShippedBatches);
        foreach (var (reason, count) in Dropped)
        {
            yield return new($"dropped.{ShippingDropReasons.Stage}.{reason}", count);
        }
    }
}

/// <summary>The mutable side of <see cref="ShippingStatus"/>; every member is safe from any thread.</summary>
internal sealed class ShippingCounters(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly Lock _errorLock = new();
    private long _inMemory;
    private long _shippedExchanges;
    private long _shippedBatches;
    private long _lastSuccessTicks;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    private volatile bool _unauthorized;

    /// <summary>Exchanges accepted by TryEnqueue and not yet delivered, spooled or dropped.</summary>
    public long InMemory => Interlocked.Read(ref _inMemory);

    public bool Unauthorized { get => _unauthorized; set => _unauthorized = value; }

    public void Held(long exchanges) => Interlocked.Add(ref _inMemory, exchanges);

    public void Released(long exchanges) => Interlocked.Add(ref _inMemory, -exchanges);

    /// <summary>Counts the drop here and in <see cref="CollectorMetrics"/>; never silent.</summary>
    public void Dropped(string reason, long exchanges)
    {
        _dropped.AddOrUpdate(reason, exchanges, (_, n) => n + exchanges);
        CollectorMetrics.Dropped(ShippingDropReasons.Stage, reason, exchanges);
    }

    public long DroppedSoFar(string reason) => _dropped.GetValueOrDefault(reason);

    public void Shipped(int exchanges)
    {
        Interlocked.Add(ref _shippedExchanges, exchanges);
        Interlocked.Increment(ref _shippedBatches);
        Interlocked.Exchange(ref _lastSuccessTicks, clock.GetUtcNow().UtcTicks);
        CollectorMetrics.Processed(ShippingDropReasons.Stage, "exchanges", exchanges);
        CollectorMetrics.Processed(ShippingDropReasons.Stage, "batches");
    }

    public void Failed(string error)
    {
        lock (_errorLock)
        {
            _lastError = error;
            _lastErrorAt = clock.GetUtcNow();
        }
    }

    public ShippingStatus Snapshot(int spooledFiles, long spooledBytes)
    {
        var success = Interlocked.Read(ref _lastSuccessTicks);
        lock (_errorLock)
        {
            return new ShippingStatus
            {
                Queued = InMemory,
                SpooledFiles = spooledFiles,
                SpooledBytes = spooledBytes,
                ShippedExchanges = Interlocked.Read(ref _shippedExchanges),
                ShippedBatches = Interlocked.Read(ref _shippedBatches),
                LastSuccessAt = success == 0 ? null : new DateTimeOffset(success, TimeSpan.Zero),
                LastError = _lastError,
                LastErrorAt = _lastErrorAt,
                Unauthorized = Unauthorized,
                Dropped = new Dictionary<string, long>(_dropped, StringComparer.Ordinal),
            };
        }
    }
}
