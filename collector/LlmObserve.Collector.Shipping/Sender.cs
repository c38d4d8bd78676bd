using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// Delivers batches to ingest-api, one at a time: the spool's oldest first, then fresh batches from
/// the batcher. A batch is finished by a 202 (or a refusal that retrying cannot change, counted);
/// anything else leaves it in the spool and the loop waits with backoff.
/// </summary>
/// <remarks>Runs on one task of its own; the only reader of the handoff channel and the only deleter of spool files.</remarks>
internal sealed class Sender(
    ShippingOptions options, Batcher batcher, Spool spool, IngestClient client, NodeCredentials credentials,
    ShippingCounters counters, ILogger logger, TimeProvider clock)
{
    private readonly Backoff _backoff = new(options.RetryBackoffMin, options.RetryBackoffMax, clock);

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                stopping.ThrowIfCancellationRequested();
                if (await StepAsync(stopping) is not { } finished)
                {
                    await WaitForWorkAsync(stopping);
                    continue;
                }

                if (finished)
                {
                    _backoff.Reset();
                }
                else
                {
                    // The backend is away: what waits in memory goes to disk until it is back.
                    SpoolHandoff();
                    await _backoff.WaitAsync(stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            batcher.SenderStopped = true;
            SpoolHandoff();
        }
    }

    /// <summary>Delivers one batch: true when finished with, false to retry later, null when there was nothing to do.</summary>
    private async Task<bool?> StepAsync(CancellationToken stopping)
    {
        try
        {
            if (await credentials.GetAsync(stopping) is not { } credential)
            {
                return false;
            }

            if (spool.Oldest() is { } entry)
            {
                return await DeliverSpooledAsync(entry, credential, stopping);
            }

            return batcher.Handoff.Reader.TryRead(out var batch) ? await DeliverFromMemoryAsync(batch, credential, stopping) : null;
        }
#pragma warning disable CA1031 // a bug or an odd I/O error must not end delivery for good: log, back off, go on
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            ShippingLog.LoopError(logger, e);
            return false;
        }
    }

    /// <summary>Moves batches waiting in memory to the spool (also at stop, so they survive a restart).</summary>
    public void SpoolHandoff()
    {
        while (batcher.Handoff.Reader.TryRead(out var batch))
        {
            batcher.SpoolOrDrop(batch);
        }
    }

    private async Task<bool> DeliverSpooledAsync(SpoolEntry entry, string credential, CancellationToken stopping)
    {
        if (spool.Read(entry) is not { } batch)
        {
            return true; // corrupt: moved aside and counted by the spool
        }

        if (!await DeliverAsync(batch, credential, stopping))
        {
            return false;
        }

        spool.Delete(entry); // only now: until the 202 the file is the batch's only durable copy
        return true;
    }

    private async Task<bool> DeliverFromMemoryAsync(EncodedBatch batch, string credential, CancellationToken stopping)
    {
        bool finished;
        try
        {
            finished = await DeliverAsync(batch, credential, stopping);
        }
        catch (OperationCanceledException)
        {
            batcher.SpoolOrDrop(batch);
            throw;
        }

        if (finished)
        {
            counters.Released(batch.Exchanges);
        }
        else
        {
            batcher.SpoolOrDrop(batch);
        }

        return finished;
    }

    /// <summary>True when the batch is finished with (accepted, or refused for good and counted); false to retry later.</summary>
    private async Task<bool> DeliverAsync(EncodedBatch batch, string credential, CancellationToken stopping, bool mayReenroll = true)
    {
        var answer = await client.PostBatchAsync(batch, credential, stopping);
        switch (answer.Outcome)
        {
            case DeliveryOutcome.Accepted:
                counters.Shipped(batch.Exchanges);
                credentials.Accepted();
                return true;

            case DeliveryOutcome.Rejected:
                counters.Dropped(ShippingDropReasons.Rejected, batch.Exchanges);
                counters.Failed($"ingest-api rejected a batch of {batch.Exchanges} exchanges: {answer.Detail}");
                ShippingLog.BatchRejected(logger, batch.Exchanges, answer.Detail);
                return true;

            case DeliveryOutcome.TooLarge:
                return await DeliverInHalvesAsync(batch, credential, answer, stopping);

            case DeliveryOutcome.Unauthorized when mayReenroll:
                var replacement = await credentials.RefusedAsync(credential, answer, stopping);
                return replacement is not null && await DeliverAsync(batch, replacement, stopping, mayReenroll: false);

            case DeliveryOutcome.Unauthorized:
                return false;

            default:
                counters.Failed($"delivery of a batch of {batch.Exchanges} exchanges failed: {answer.Detail}");
                ShippingLog.DeliveryFailed(logger, batch.Exchanges, answer.Detail, _backoff.Next, spool.Files);
                return false;
        }
    }

    /// <summary>413: the backend's limits are tighter than ours. Halves until they pass; one exchange too large alone is dropped, counted.</summary>
    private async Task<bool> DeliverInHalvesAsync(EncodedBatch batch, string credential, Answer answer, CancellationToken stopping)
    {
        if (batch.Exchanges <= 1)
        {
            counters.Dropped(ShippingDropReasons.TooLarge, batch.Exchanges);
            counters.Failed($"ingest-api refused a single exchange as too large: {answer.Detail}");
            ShippingLog.ExchangeTooLarge(logger, answer.Detail);
            return true;
        }

        IReadOnlyList<Contracts.Capture.CapturedExchange> exchanges;
        try
        {
            exchanges = BatchEncoding.Decode(batch.Payload).Exchanges;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            counters.Dropped(ShippingDropReasons.SpoolCorrupt, batch.Exchanges);
            ShippingLog.BatchUnreadable(logger, e, batch.Exchanges);
            return true;
        }

        ShippingLog.BatchSplit(logger, exchanges.Count, answer.Detail);
        var (left, right) = BatchEncoding.Halves(exchanges);
        foreach (var half in new[] { left, right })
        {
            // Sent whole (no byte limit): each half gets its own 413 if it is still too large.
            foreach (var part in BatchEncoding.EncodeWithin(half, long.MaxValue))
            {
                if (!await DeliverAsync(part, credential, stopping))
                {
                    return false; // the whole batch is retried later; the backend is idempotent on exchange ids
                }
            }
        }

        return true;
    }

    private async Task WaitForWorkAsync(CancellationToken stopping)
    {
        var handoff = batcher.Handoff.Reader.WaitToReadAsync(stopping).AsTask();
        var spooled = batcher.Spooled.WaitToReadAsync(stopping).AsTask();
        await Task.WhenAny(handoff, spooled);
        batcher.Spooled.TryRead(out _);
        stopping.ThrowIfCancellationRequested();
    }
}
