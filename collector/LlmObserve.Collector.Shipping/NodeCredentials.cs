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
    /// <summary>After a failed rotation, the next try waits this long (the credential still works).</summary>
    private static readonly TimeSpan RotationRetry = TimeSpan.FromMinutes(10);

    private volatile string? _current;

    /// <summary>The stored form of <see cref="_current"/>: node, cluster and when it was issued.</summary>
    private StoredCredential? _stored;

    private DateTimeOffset _nextRotationTry = DateTimeOffset.MinValue;

    public string? Current => _current;

    /// <summary>Reads the stored credential; throws when there is none and no token to get one (a configuration error).</summary>
    public void Load()
    {
        _stored = store.Load();
        _current = _stored?.NodeCredential;
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
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            return await EnrollAsync(cancellationToken);
        }

        if (RotationDue(DateTimeOffset.UtcNow))
        {
            await RotateAsync(_current, cancellationToken);
        }

        return _current;
    }

    private bool RotationDue(DateTimeOffset now) =>
        options.CredentialRotationInterval > TimeSpan.Zero && _stored is not null
        && now - _stored.EnrolledAt >= options.CredentialRotationInterval && now >= _nextRotationTry;

    /// <summary>
    /// Replaces the credential; on any failure the current one stays in use (it keeps working) and
    /// the next try is later. The new one is stored before it is used; if storing fails, it is used
    /// for this run and the next start, holding the replaced one, enrolls again (with a token) or reports it.
    /// </summary>
    private async Task RotateAsync(string current, CancellationToken cancellationToken)
    {
        var (rotated, answer) = await client.RotateAsync(current, cancellationToken);
        if (rotated is null)
        {
            _nextRotationTry = DateTimeOffset.UtcNow + RotationRetry;
            ShippingLog.CredentialRotationFailed(logger, answer.Detail, RotationRetry);
            return;
        }

        var stored = new StoredCredential(rotated.NodeId, _stored!.ClusterId, rotated.NodeCredential, DateTimeOffset.UtcNow);
        try
        {
            store.Save(stored);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ShippingLog.CredentialNotStored(logger, e, store.Path);
        }

        (_stored, _current) = (stored, rotated.NodeCredential);
        ShippingLog.CredentialRotated(logger, rotated.NodeId, store.Path);
    }

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
        if (TryLoadStored() is { } stored && stored.NodeCredential != refused)
        {
            (_stored, _current) = (stored, stored.NodeCredential);
            return stored.NodeCredential;
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

        _stored = new StoredCredential(enrolled.NodeId, enrolled.ClusterId, enrolled.NodeCredential, DateTimeOffset.UtcNow);
        try
        {
            store.Save(_stored);
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

    private StoredCredential? TryLoadStored()
    {
        try
        {
            return store.Load();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
