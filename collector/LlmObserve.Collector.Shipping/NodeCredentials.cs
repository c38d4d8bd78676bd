using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// The node credential in use: loaded from the state directory, else obtained once with the
/// enrollment token, and obtained again when the backend revokes it (if a token is still configured).
/// </summary>
/// <remarks>
/// Threading: <see cref="GetAsync"/> and <see cref="RefusedAsync"/> are called by the sender loop only;
/// <see cref="Current"/> may be read from any thread (the heartbeat loop).
/// </remarks>
internal sealed class NodeCredentials(ShippingOptions options, NodeCredentialStore store, IngestClient client, ShippingCounters counters, ILogger logger)
{
    private volatile string? _current;

    public string? Current => _current;

    /// <summary>Reads the stored credential; throws when there is none and no token to get one (a configuration error).</summary>
    public void Load()
    {
        _current = store.Load()?.NodeCredential;
        if (_current is null && string.IsNullOrWhiteSpace(options.EnrollmentToken))
        {
            throw new InvalidOperationException(
                $"No node credential in {store.Path} and no enrollment token: set {ShippingOptions.Section}:{nameof(ShippingOptions.EnrollmentToken)} for the first start.");
        }

        if (_current is not null)
        {
            ShippingLog.CredentialLoaded(logger, store.Path);
        }
    }

    /// <summary>The credential, enrolling first when there is none; null when enrollment failed for now (logged).</summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken) =>
        _current ?? await EnrollAsync(cancellationToken);

    /// <summary>
    /// The backend answered 401/403 to <paramref name="refused"/>: the credential was revoked (the node
    /// was enrolled again elsewhere, or by an administrator). Returns a credential to try instead, or null.
    /// </summary>
    public async Task<string?> RefusedAsync(string refused, Answer answer, CancellationToken cancellationToken)
    {
        var first = !counters.Unauthorized;
        counters.Unauthorized = true;
        var hasToken = !string.IsNullOrWhiteSpace(options.EnrollmentToken);
        counters.Failed($"ingest-api refused the node credential ({answer.Detail}); " +
            (hasToken ? "enrolling again with the enrollment token" : "batches are kept in the spool until a new enrollment token is configured"));
        if (first && hasToken)
        {
            ShippingLog.CredentialRefusedEnrolling(logger, answer.Detail, store.Path);
        }
        else if (first)
        {
            ShippingLog.CredentialRefused(logger, answer.Detail, store.Path);
        }
        else
        {
            ShippingLog.CredentialStillRefused(logger, answer.Detail);
        }

        // An operator may have put a new credential file in place.
        if (TryLoadStored() is { } stored && stored != refused)
        {
            _current = stored;
            return stored;
        }

        if (!hasToken)
        {
            return null;
        }

        _current = null;
        return await EnrollAsync(cancellationToken);
    }

    /// <summary>A delivery with the current credential succeeded.</summary>
    public void Accepted()
    {
        if (counters.Unauthorized)
        {
            counters.Unauthorized = false;
            ShippingLog.CredentialAcceptedAgain(logger);
        }
    }

    private async Task<string?> EnrollAsync(CancellationToken cancellationToken)
    {
        var token = options.EnrollmentToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var (enrolled, answer) = await client.EnrollAsync(token, cancellationToken);
        if (enrolled is null)
        {
            var retryable = answer.Outcome == DeliveryOutcome.Retry;
            counters.Failed($"enrollment as node '{options.NodeName}' failed: {answer.Detail}");
            if (!retryable)
            {
                counters.Unauthorized = true;
            }

            ShippingLog.EnrollFailed(logger, retryable ? LogLevel.Warning : LogLevel.Error, options.NodeName, answer.Detail, retryable);
            return null;
        }

        try
        {
            store.Save(new StoredCredential(enrolled.NodeId, enrolled.ClusterId, enrolled.NodeCredential, DateTimeOffset.UtcNow));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Usable for this run; the next start enrolls again (which revokes this one).
            ShippingLog.CredentialNotStored(logger, e, store.Path);
        }

        _current = enrolled.NodeCredential;
        counters.Unauthorized = false;
        ShippingLog.Enrolled(logger, options.NodeName, enrolled.NodeId, enrolled.ClusterId, store.Path);
        return enrolled.NodeCredential;
    }

    private string? TryLoadStored()
    {
        try
        {
            return store.Load()?.NodeCredential;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
