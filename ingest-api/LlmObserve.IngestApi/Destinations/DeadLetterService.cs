using LlmObserve.Data.Paging;
using LlmObserve.Administration.Audit;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.IngestApi.Apis;
using LlmObserve.Integrations.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Destinations;

/// <summary>What a dead-letter request came to.</summary>
internal enum DeadLetterStatus
{
    Ok,
    Invalid,
    NotFound,
}

internal sealed record DeadLetterOutcome<T>(DeadLetterStatus Status, T? Value = default, string? Message = null);

/// <summary>
/// A destination's dead letters: listed newest first, and sent again on request (once, now, from
/// this process, with the payload stored; the dead letter goes when the destination accepts it).
/// </summary>
/// <remarks>
/// The send is made from ingest-api, so it connects only where section <c>Delivery</c> of
/// ingest-api allows (<see cref="DeliveryOptions.AllowedNetworks"/>, as for the scanner workers).
/// </remarks>
internal sealed class DeadLetterService(LlmObserveDbContext db, AuditLog audit, TimeProvider clock, IOptions<DeliveryOptions> options)
{
    /// <summary>How long a retry from the API may take.</summary>
    private static readonly TimeSpan RetryTimeout = TimeSpan.FromSeconds(10);

    public async Task<DeadLetterOutcome<Page<DeadLetterItem>>> ListAsync(Guid destinationId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (PageRequest.TryRead(limit, cursor, out var page) is { } invalid)
        {
            return new(DeadLetterStatus.Invalid, Message: invalid);
        }

        if (!await db.Destinations.AnyAsync(d => d.Id == destinationId, cancellationToken))
        {
            return new(DeadLetterStatus.NotFound, Message: $"No destination {destinationId}.");
        }

        var rows = db.DeadLetters.AsNoTracking().Where(d => d.DestinationId == destinationId);
        if (page.After is { } c)
        {
            rows = rows.Where(d => EF.Functions.LessThan(ValueTuple.Create(d.FailedAt, d.Id), ValueTuple.Create(c.At, c.Id)));
        }

        var items = await rows.OrderByDescending(d => d.FailedAt).ThenByDescending(d => d.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return new(DeadLetterStatus.Ok, Paging.ToPage(items.ConvertAll(ItemOf), page.Limit, d => new KeysetCursor(d.FailedAt, d.Id)));
    }

    public async Task<DeadLetterOutcome<DeadLetterRetryResult>> RetryAsync(Guid destinationId, Guid deadLetterId, CancellationToken cancellationToken)
    {
        var destination = await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == destinationId, cancellationToken);
        var letter = destination is null ? null
            : await db.DeadLetters.SingleOrDefaultAsync(d => d.Id == deadLetterId && d.DestinationId == destinationId, cancellationToken);
        if (destination is null || letter is null)
        {
            return new(DeadLetterStatus.NotFound, Message: $"No dead letter {deadLetterId} of destination {destinationId}.");
        }

        string? error = null;
        try
        {
            await using var sender = DestinationSenders.Create(destination, RetryTimeout, clock, options.Value.Networks());
            await sender.SendAsync(letter.FindingId, letter.Payload, cancellationToken);
        }
        catch (DeliveryFailedException e)
        {
            error = e.Message;
        }
        catch (ArgumentException e)
        {
            error = $"misconfigured: {e.Message}";
        }

        var details = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["destinationId"] = destinationId.ToString(),
            ["findingId"] = letter.FindingId.ToString(),
            ["outcome"] = error is null ? "delivered" : "failed",
        };
        if (error is null)
        {
            db.DeadLetters.Remove(letter);
            await audit.SaveAsync("dead_letter.retry", "dead_letter", letter.Id.ToString(), details, cancellationToken);
            return new(DeadLetterStatus.Ok, new DeadLetterRetryResult(true, null, null));
        }

        letter.Attempts++;
        letter.FailedAt = clock.GetUtcNow();
        letter.LastError = error;
        await audit.SaveAsync("dead_letter.retry", "dead_letter", letter.Id.ToString(), details, cancellationToken);
        return new(DeadLetterStatus.Ok, new DeadLetterRetryResult(false, error, ItemOf(letter)));
    }

    private static DeadLetterItem ItemOf(DeadLetter d) => new(d.Id, d.FindingId, d.Attempts, d.FirstAttemptAt, d.FailedAt, d.LastError, d.Payload);
}
