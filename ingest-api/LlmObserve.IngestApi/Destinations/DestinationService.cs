using LlmObserve.Administration.Audit;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;
using LlmObserve.Data.Security;
using LlmObserve.Data.Tenancy;
using LlmObserve.Integrations.Delivery;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LlmObserve.IngestApi.Destinations;

/// <summary>What a destination write came to; the API turns it into a status code.</summary>
internal enum DestinationWriteStatus
{
    Ok,
    Created,
    Invalid,
    NotFound,
    Conflict,
}

internal sealed record DestinationWrite(DestinationWriteStatus Status, DestinationItem? Destination = null, string? SigningSecret = null, string? Message = null);

/// <summary>
/// The caller's tenant's push destinations (the DbContext's tenant filter scopes every query, so
/// another tenant's id is simply not found). Every change is stored with its audit event.
/// </summary>
internal sealed class DestinationService(LlmObserveDbContext db, ITenantContext tenant, AuditLog audit, TimeProvider clock)
{
    /// <summary>Prefix of webhook signing secrets, so a leaked one is recognized for what it is.</summary>
    public const string SigningSecretPrefix = "llmo_whsec_";

    public async Task<IReadOnlyList<DestinationItem>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Destinations.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(ItemOf)];
    }

    public async Task<DestinationItem?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is { } row ? ItemOf(row) : null;

    public async Task<DestinationWrite> CreateAsync(CreateDestinationRequest request, CancellationToken cancellationToken)
    {
        var error = DestinationInput.CheckName(request.Name) ?? DestinationInput.CheckKind(request.Kind) ?? DestinationInput.CheckFormat(request.Format)
            ?? DestinationInput.CheckUrl(request.Kind, request.Url) ?? DestinationInput.CheckSeverity(request.MinSeverity)
            ?? DestinationInput.CheckCaCertificate(request.CaCertificate);
        if (error is not null)
        {
            return new DestinationWrite(DestinationWriteStatus.Invalid, Message: error);
        }

        var name = request.Name.Trim();
        if (await NameTakenAsync(name, except: null, cancellationToken))
        {
            return NameConflict(name);
        }

        // New destinations start at the feed's end: they receive what is found from now on, not the history.
        var start = FeedPosition.After(await FindingFeed.VisibleHorizonAsync(db, cancellationToken));
        var secret = request.Kind == DestinationKinds.Webhook ? IssuedSecret.Generate(SigningSecretPrefix) : null;
        var destination = new Destination
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.TenantId ?? throw new InvalidOperationException("Destinations need the caller's tenant."),
            Name = name,
            Kind = request.Kind,
            Format = request.Format,
            Url = DestinationInput.NormalizedUrl(request.Kind, request.Url),
            SigningSecret = secret,
            CaCertificate = string.IsNullOrEmpty(request.CaCertificate) ? null : request.CaCertificate,
            MinSeverity = request.MinSeverity ?? FindingSeverity.Info,
            Enabled = request.Enabled ?? true,
            CreatedAt = clock.GetUtcNow(),
            AfterTxId = start.TxId,
            AfterId = start.Id,
        };
        db.Destinations.Add(destination);
        var details = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["name"] = destination.Name,
            ["kind"] = destination.Kind,
            ["format"] = destination.Format,
            ["url"] = DestinationAddress.Redacted(destination.Url),
            ["minSeverity"] = destination.MinSeverity.ToString().ToLowerInvariant(),
            ["enabled"] = destination.Enabled ? "true" : "false",
            ["caCertificate"] = destination.CaCertificate is null ? null : "set",
        };
        return await SaveAsync("destination.create", destination, details, DestinationWriteStatus.Created, secret, cancellationToken);
    }

    public async Task<DestinationWrite> UpdateAsync(Guid id, UpdateDestinationRequest request, CancellationToken cancellationToken)
    {
        var destination = await db.Destinations.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (destination is null)
        {
            return NotFound(id);
        }

        var error = (request.Name is null ? null : DestinationInput.CheckName(request.Name))
            ?? (request.Format is null ? null : DestinationInput.CheckFormat(request.Format))
            ?? (request.Url is null ? null : DestinationInput.CheckUrl(destination.Kind, request.Url))
            ?? DestinationInput.CheckSeverity(request.MinSeverity)
            ?? DestinationInput.CheckCaCertificate(request.CaCertificate);
        if (error is not null)
        {
            return new DestinationWrite(DestinationWriteStatus.Invalid, Message: error);
        }

        var name = request.Name?.Trim();
        if (name is not null && name != destination.Name && await NameTakenAsync(name, id, cancellationToken))
        {
            return NameConflict(name);
        }

        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        Change(name, destination.Name, v => destination.Name = v, "name", changes);
        Change(request.Format, destination.Format, v => destination.Format = v, "format", changes);

        // The url as reads show it (query hidden) means "keep it": a client may send back what it read.
        var url = request.Url is null || request.Url == DestinationAddress.Redacted(destination.Url) ? null : DestinationInput.NormalizedUrl(destination.Kind, request.Url);
        if (url is not null && url != destination.Url)
        {
            destination.Url = url;
            changes["url"] = DestinationAddress.Redacted(url); // the audit log keeps no secret either
        }

        Change(request.MinSeverity, destination.MinSeverity, v => destination.MinSeverity = v, "minSeverity", changes);
        Change(request.Enabled, destination.Enabled, v => destination.Enabled = v, "enabled", changes);
        if (request.CaCertificate is not null)
        {
            var ca = request.CaCertificate.Length == 0 ? null : request.CaCertificate;
            if (ca != destination.CaCertificate)
            {
                destination.CaCertificate = ca;
                changes["caCertificate"] = ca is null ? "removed" : "set";
            }
        }

        if (changes.Count == 0)
        {
            return new DestinationWrite(DestinationWriteStatus.Ok, ItemOf(destination));
        }

        if (changes.ContainsKey("url") || changes.ContainsKey("caCertificate") || changes.ContainsKey("format"))
        {
            destination.LastError = null; // said something about the old configuration
        }

        return await SaveAsync("destination.update", destination, changes, DestinationWriteStatus.Ok, null, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var destination = await db.Destinations.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (destination is null)
        {
            return false;
        }

        db.Destinations.Remove(destination);
        await audit.SaveAsync("destination.delete", "destination", id.ToString(), new Dictionary<string, string?>(StringComparer.Ordinal) { ["name"] = destination.Name }, cancellationToken);
        return true;
    }

    /// <summary>A destination as reads show it: never its signing secret, and its url's query hidden.</summary>
    internal static DestinationItem ItemOf(Destination d) => new(
        d.Id, d.Name, d.Kind, d.Format, DestinationAddress.Redacted(d.Url), d.MinSeverity, d.Enabled, d.CaCertificate, d.CreatedAt, d.LastDeliveryAt, d.LastError,
        new FeedPosition(d.AfterTxId, d.AfterId).Encode());

    private async Task<DestinationWrite> SaveAsync(
        string action, Destination destination, Dictionary<string, string?> details, DestinationWriteStatus status, string? secret, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(action, "destination", destination.Id.ToString(), details, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return NameConflict(destination.Name); // created at the same moment by another request
        }

        return new DestinationWrite(status, ItemOf(destination), secret);
    }

    private Task<bool> NameTakenAsync(string name, Guid? except, CancellationToken cancellationToken) =>
        db.Destinations.AnyAsync(d => d.Name == name && d.Id != except, cancellationToken);

    private static void Change(string? requested, string current, Action<string> set, string field, Dictionary<string, string?> changes)
    {
        if (requested is not null && !string.Equals(requested, current, StringComparison.Ordinal))
        {
            set(requested);
            changes[field] = requested;
        }
    }

    private static void Change<T>(T? requested, T current, Action<T> set, string field, Dictionary<string, string?> changes)
        where T : struct
    {
        if (requested is { } value && !EqualityComparer<T>.Default.Equals(value, current))
        {
            set(value);
            changes[field] = value.ToString()!.ToLowerInvariant();
        }
    }

    private static DestinationWrite NameConflict(string name) =>
        new(DestinationWriteStatus.Conflict, Message: $"The tenant already has a destination named '{name}'.");

    internal static DestinationWrite NotFound(Guid id) =>
        new(DestinationWriteStatus.NotFound, Message: $"No destination {id}.");
}
