using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// One delivery run of one destination: take its lease, then send the findings after its position
/// in feed order, one at a time, each until delivered or dead-lettered, moving the position after
/// each; stop when caught up. A restart resends at most the finding that was in flight, and skips none.
/// A destination disabled or changed meanwhile is noticed before the next attempt.
/// </summary>
internal sealed class DestinationPump(NpgsqlDataSource dataSource, TenantDbContexts contexts, DeliveryOptions options, TimeProvider clock, ILogger logger)
{
    /// <summary>How often a destination that filters findings out records that it has read past them.</summary>
    private static readonly TimeSpan SkippedSaveInterval = TimeSpan.FromSeconds(30);

    private readonly DestinationNetworks _networks = options.Networks();

    public async Task RunAsync(DestinationSlot slot, CancellationToken cancellationToken)
    {
        await using var lease = await DestinationLease.TryAcquireAsync(dataSource, slot.Id, cancellationToken);
        if (lease is null)
        {
            return; // another worker is delivering it
        }

        // Read under the lease: the position is the one the previous holder left.
        await using var db = contexts.Create(slot.TenantId);
        while (true)
        {
            var destination = await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == slot.Id, cancellationToken);
            if (destination is not { Enabled: true })
            {
                return;
            }

            IDestinationSender sender;
            try
            {
                sender = await slot.SenderForAsync(destination, options.Timeout, clock, _networks);
                slot.LoggedError = null;
            }
            catch (ArgumentException e)
            {
                await MisconfiguredAsync(db, slot, destination, e.Message, cancellationToken);
                return;
            }

            var position = new FeedPosition(destination.AfterTxId, destination.AfterId);
            var page = await FindingFeed.ReadAsync(db, new FindingFilter { MinSeverity = destination.MinSeverity }, position, options.BatchSize, cancellationToken);
            var changed = false;
            foreach (var finding in page.Items)
            {
                var outcome = await DeliverAsync(db, destination, sender, finding, cancellationToken);
                if (outcome is null)
                {
                    // Not sent and the position not moved: the finding goes by the destination's new settings, or waits for it to be enabled again.
                    logger.DestinationChanged(destination.Id, finding.Id);
                    changed = true;
                    break;
                }

                // Not cancellable: the finding has left (or been given up on); losing its position would send it again.
                if (!await SaveAsync(db, destination, position, finding, outcome, CancellationToken.None))
                {
                    logger.PositionMoved(destination.Id);
                    return;
                }

                position = finding.Position;
            }

            if (!changed && page.Items.Count < options.BatchSize)
            {
                await SaveSkippedAsync(db, slot, position, page.Next, cancellationToken);
                return;
            }
        }
    }

    /// <summary>
    /// Sends until the destination takes it or every attempt failed; never throws but for
    /// cancellation. Null, before any attempt, when the destination is no longer as
    /// <paramref name="destination"/> says (<see cref="IsUnchangedAsync"/>).
    /// </summary>
    private async Task<DeliveryOutcome?> DeliverAsync(
        LlmObserveDbContext db, Destination destination, IDestinationSender sender, FindingEvent finding, CancellationToken cancellationToken)
    {
        var first = clock.GetUtcNow();
        string payload;
        try
        {
            payload = sender.Payload(finding);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DeliveryOutcome(1, first, $"could not write the {destination.Format} event: {e.Message}", "");
        }

        for (var attempt = 1; ; attempt++)
        {
            if (!await IsUnchangedAsync(db, destination, cancellationToken))
            {
                return null;
            }

            string error;
            try
            {
                await sender.SendAsync(finding.Id, payload, cancellationToken);
                DeliveryMetrics.Delivered(destination.Kind);
                logger.Delivered(destination.Id, finding.Id, attempt);
                return new DeliveryOutcome(attempt, first, null, payload);
            }
            catch (DeliveryFailedException e)
            {
                error = e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = $"{e.GetType().Name}: {e.Message}";
            }

            DeliveryMetrics.FailedAttempt(destination.Kind);
            if (attempt >= options.MaxAttempts)
            {
                DeliveryMetrics.DeadLettered(destination.Kind);
                logger.DeadLettered(destination.Id, finding.Id, attempt, error);
                return new DeliveryOutcome(attempt, first, error, payload);
            }

            var delay = options.BackoffAfter(attempt);
            logger.AttemptFailed(destination.Id, finding.Id, attempt, options.MaxAttempts, delay, error);
            await Task.Delay(delay, clock, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the destination is still enabled, with the url and format it is being delivered with:
    /// checked before every attempt, so that disabling a destination that is down, or pointing it
    /// elsewhere, takes effect at the next attempt rather than after a whole batch of dead letters.
    /// One lookup by primary key, cheap beside the send it guards.
    /// </summary>
    private static Task<bool> IsUnchangedAsync(LlmObserveDbContext db, Destination destination, CancellationToken cancellationToken) =>
        db.Destinations.AsNoTracking().AnyAsync(
            d => d.Id == destination.Id && d.Enabled && d.Url == destination.Url && d.Format == destination.Format, cancellationToken);

    /// <summary>
    /// Moves the position from <paramref name="from"/> past <paramref name="finding"/>, with the
    /// dead letter when it failed, in one transaction. False when the position is no longer
    /// <paramref name="from"/> (another worker moved it) or the destination is gone.
    /// </summary>
    private async Task<bool> SaveAsync(LlmObserveDbContext db, Destination destination, FeedPosition from, FindingEvent finding, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var to = finding.Position;
        var now = clock.GetUtcNow();
        var row = db.Destinations.Where(d => d.Id == destination.Id && d.AfterTxId == from.TxId && d.AfterId == from.Id);
        if (outcome.Error is null)
        {
            return await row.ExecuteUpdateAsync(
                s => s.SetProperty(d => d.AfterTxId, to.TxId).SetProperty(d => d.AfterId, to.Id)
                    .SetProperty(d => d.LastDeliveryAt, now).SetProperty(d => d.LastError, (string?)null),
                cancellationToken) == 1;
        }

        var error = Truncate(outcome.Error, 2000);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await row.ExecuteUpdateAsync(
            s => s.SetProperty(d => d.AfterTxId, to.TxId).SetProperty(d => d.AfterId, to.Id).SetProperty(d => d.LastError, error),
            cancellationToken);
        if (moved != 1)
        {
            return false;
        }

        db.DeadLetters.Add(new DeadLetter
        {
            Id = Guid.CreateVersion7(now),
            TenantId = destination.TenantId,
            DestinationId = destination.Id,
            FindingId = finding.Id,
            Attempts = outcome.Attempts,
            FirstAttemptAt = outcome.FirstAttemptAt,
            FailedAt = now,
            LastError = error,
            Payload = outcome.Payload,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Now and then records that the feed was read up to <paramref name="next"/>, so findings the
    /// destination filters out (by severity) are not read again at every poll. Not at every poll:
    /// the feed's end moves with every transaction, and that would be a write per destination per poll.
    /// </summary>
    private async Task SaveSkippedAsync(LlmObserveDbContext db, DestinationSlot slot, FeedPosition from, FeedPosition next, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (next == from || now - slot.SkippedSavedAt < SkippedSaveInterval)
        {
            return;
        }

        await db.Destinations.Where(d => d.Id == slot.Id && d.AfterTxId == from.TxId && d.AfterId == from.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AfterTxId, next.TxId).SetProperty(d => d.AfterId, next.Id), cancellationToken);
        slot.SkippedSavedAt = now;
    }

    private async Task MisconfiguredAsync(LlmObserveDbContext db, DestinationSlot slot, Destination destination, string error, CancellationToken cancellationToken)
    {
        var message = $"misconfigured: {error}";
        if (slot.LoggedError == message)
        {
            return;
        }

        logger.Misconfigured(destination.Id, error);
        await db.Destinations.Where(d => d.Id == destination.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastError, message), cancellationToken);
        slot.LoggedError = message;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>How one finding went: delivered when <see cref="Error"/> is null.</summary>
    private sealed record DeliveryOutcome(int Attempts, DateTimeOffset FirstAttemptAt, string? Error, string Payload);
}
