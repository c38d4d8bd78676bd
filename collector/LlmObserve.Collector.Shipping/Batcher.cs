using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using LlmObserve.Contracts.Capture;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// Turns queued exchanges into encoded batches (by count, size and age) and offers each to the
/// sender; a batch the sender has no room for goes to the spool, so memory stays bounded while the
/// backend is slow or away.
/// </summary>
/// <remarks>
/// Threading: <see cref="TryEnqueue"/> is called from the pipeline thread and never blocks or touches
/// the disk; <see cref="RunAsync"/> runs on one task of its own and is the only reader of the queue.
/// </remarks>
internal sealed class Batcher
{
    /// <summary>Encoded batches waiting for the sender: a little slack for bursts, no more.</summary>
    private const int HandoffCapacity = 2;

    private readonly ShippingOptions _options;
    private readonly Spool _spool;
    private readonly ShippingCounters _counters;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Channel<CapturedExchange> _queue;
    private readonly ConcurrentQueue<CapturedExchange> _spill = new();
    private readonly Channel<bool> _spooled = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromMinutes(1);

    private int _spillCount;
    private long _lastDropLog;
    private volatile bool _closed;
    private volatile bool _senderStopped;

    public Batcher(ShippingOptions options, Spool spool, ShippingCounters counters, ILogger logger, TimeProvider clock)
    {
        (_options, _spool, _counters, _logger, _clock) = (options, spool, counters, logger, clock);
        _queue = Channel.CreateBounded<CapturedExchange>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        Handoff = Channel.CreateBounded<EncodedBatch>(new BoundedChannelOptions(HandoffCapacity) { SingleReader = true, SingleWriter = true });
    }

    /// <summary>Batches for the sender; read by the sender only.</summary>
    public Channel<EncodedBatch> Handoff { get; }

    /// <summary>Signalled when a batch went to the spool, so an idle sender looks there.</summary>
    public ChannelReader<bool> Spooled => _spooled.Reader;

    /// <summary>Set when the sender stops: from then on every batch goes to the spool.</summary>
    public bool SenderStopped { get => _senderStopped; set => _senderStopped = value; }

    public bool TryEnqueue(CapturedExchange exchange)
    {
        _counters.Held(1); // before the write: the batcher may release it at once
        if (_queue.Writer.TryWrite(exchange))
        {
            return true;
        }

        var reason = _closed ? ShippingDropReasons.Stopped
            : _spool.Bytes >= _options.SpoolCapBytes ? ShippingDropReasons.SpoolFull
            : null;

        // Over the memory queue: to the spool, through a short list that RunAsync writes out, so
        // this thread never waits for the disk. The list is full only when the disk cannot keep up.
        if (reason is null && Interlocked.Increment(ref _spillCount) > _options.MaxExchangesPerBatch)
        {
            Interlocked.Decrement(ref _spillCount);
            reason = ShippingDropReasons.QueueFull;
        }

        if (reason is not null)
        {
            _counters.Released(1);
            _counters.Dropped(reason, 1);
            return false;
        }

        _spill.Enqueue(exchange);
        return true;
    }

    /// <summary>
    /// No more exchanges: <see cref="RunAsync"/> writes out what is left and ends. The host stops the
    /// pipeline first; an exchange enqueued after this is refused and counted (<c>stopped</c>).
    /// </summary>
    public void Close()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    public async Task RunAsync()
    {
        var reader = _queue.Reader;
        CapturedExchange? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            var batch = new List<CapturedExchange>();
            long bytes = 0;
            if (carried is not null)
            {
                batch.Add(carried);
                bytes = BatchEncoding.EstimateJsonBytes(carried);
                carried = null;
            }

            using var deadline = new CancellationTokenSource(_options.MaxBatchDelay, _clock);
            while (batch.Count < _options.MaxExchangesPerBatch)
            {
                if (reader.TryRead(out var exchange))
                {
                    var size = BatchEncoding.EstimateJsonBytes(exchange);
                    if (batch.Count > 0 && bytes + size > _options.MaxBatchBytes)
                    {
                        carried = exchange;
                        break;
                    }

                    batch.Add(exchange);
                    bytes += size;
                }
                else if (!await WaitAsync(reader, deadline.Token))
                {
                    break;
                }
            }

            Dispatch(batch, toSender: true);
            WriteOutSpill();
        }

        WriteOutSpill();
    }

    /// <summary>Writes a batch the sender could not deliver now; false (counted, logged) when the spool refuses it.</summary>
    public bool SpoolOrDrop(EncodedBatch batch)
    {
        var spooled = _spool.TryAdd(batch, out var refusal);
        if (spooled)
        {
            _spooled.Writer.TryWrite(true);
        }
        else
        {
            _counters.Dropped(refusal!, batch.Exchanges);
            if (DropLogDue())
            {
                ShippingLog.BatchDropped(_logger, batch.Exchanges, refusal!, _spool.Bytes, _options.SpoolCapBytes, _counters.DroppedSoFar(refusal!));
            }
        }

        _counters.Released(batch.Exchanges);
        return spooled;
    }

    /// <summary>A full spool drops a batch a second or more for as long as the outage lasts: log the first, then once a minute.</summary>
    private bool DropLogDue()
    {
        var now = _clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLog);
        return (last == 0 || _clock.GetElapsedTime(last, now) >= DropLogInterval)
            && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last;
    }

    private static async ValueTask<bool> WaitAsync(ChannelReader<CapturedExchange> reader, CancellationToken deadline)
    {
        try
        {
            return await reader.WaitToReadAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Dispatch(List<CapturedExchange> exchanges, bool toSender)
    {
        if (exchanges.Count == 0)
        {
            return;
        }

        foreach (var batch in Encode(exchanges))
        {
            if (!(toSender && !SenderStopped && Handoff.Writer.TryWrite(batch)))
            {
                SpoolOrDrop(batch);
            }
        }
    }

    private List<EncodedBatch> Encode(List<CapturedExchange> exchanges)
    {
        try
        {
            return [.. BatchEncoding.EncodeWithin(exchanges, _options.MaxBatchBytes)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            // An exchange the contract cannot carry (a required member null …) is a bug upstream;
            // it must not take the rest of its batch down with it.
            var valid = exchanges.Where(BatchEncoding.CanEncode).ToList();
            var invalid = exchanges.Count - valid.Count;
            _counters.Dropped(ShippingDropReasons.Invalid, invalid);
            _counters.Released(invalid);
            ShippingLog.ExchangesInvalid(_logger, e, invalid);
            return valid.Count == 0 ? [] : [.. BatchEncoding.EncodeWithin(valid, _options.MaxBatchBytes)];
        }
    }

    private void WriteOutSpill()
    {
        while (!_spill.IsEmpty)
        {
            var batch = new List<CapturedExchange>();
            while (batch.Count < _options.MaxExchangesPerBatch && _spill.TryDequeue(out var exchange))
            {
                batch.Add(exchange);
            }

            Interlocked.Add(ref _spillCount, -batch.Count);
            Dispatch(batch, toSender: false);
        }
    }
}
