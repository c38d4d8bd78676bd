using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Exchanges;
using LlmObserve.Data.Findings;
using LlmObserve.Data.Security;
using LlmObserve.Data.Tenancy;
using LlmObserve.Testing;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>Stores findings as the scanner worker does (ExchangeWriter) and destinations as the API does.</summary>
internal static class DeliverySeed
{
    /// <summary>Not ASCII, so a frame's octet count differs from its character count.</summary>
    public const string Title = "AWS-Schlüssel im Prompt — \"exposed\"";

    /// <summary>Stores <paramref name="count"/> exchanges with one finding each, in one transaction; returns the finding ids in feed order.</summary>
    public static async Task<IReadOnlyList<Guid>> StoreFindingsAsync(
        TestDatabase database, TestTenant tenant, Node node, int count, FindingSeverity severity = FindingSeverity.High)
    {
        var exchanges = Enumerable.Range(0, count).Select(_ => SampleExchanges.ChatCompletion(SampleExchanges.AwsKeyPrompt, node.Name)).ToList();
        var finding = new NewFinding("secret.aws_access_key_id", FindingCategory.Secret, severity, Title, "AKIA****", "request.body", 1, 20);
        await new ExchangeWriter(database.DataSource).WriteAsync(tenant.Message(node, exchanges), [.. exchanges.Select(_ => new[] { finding })], CancellationToken.None);
        var ids = exchanges.Select(e => e.Id).ToHashSet();

        // The feed shows a transaction once every older one on the server has ended; other tests' may still run.
        IReadOnlyList<Guid> stored = [];
        await Eventually.UntilAsync(
            async () => (stored = [.. (await FeedAsync(database, tenant)).Where(f => ids.Contains(f.ExchangeId)).Select(f => f.Id)]).Count == count,
            TimeSpan.FromSeconds(10), "the stored findings to show in the feed");
        return stored;
    }

    /// <summary>The tenant's whole findings feed, in feed order.</summary>
    public static async Task<IReadOnlyList<FindingEvent>> FeedAsync(TestDatabase database, TestTenant tenant)
    {
        await using var db = database.CreateDbContext(new FixedTenantContext(tenant.Tenant.Id));
        var page = await FindingFeed.ReadAsync(db, new FindingFilter(), FeedPosition.Start, 10_000, CancellationToken.None);
        return page.Items;
    }

    /// <summary>A destination starting at the feed's current end, as the API creates it; webhooks get a signing secret.</summary>
    public static async Task<Destination> AddDestinationAsync(
        TestDatabase database, TestTenant tenant, string kind, string url, string format = ExportFormats.Ocsf,
        string? caCertificate = null, FindingSeverity minSeverity = FindingSeverity.Info)
    {
        await using var db = database.CreateDbContext(new FixedTenantContext(tenant.Tenant.Id));
        var start = FeedPosition.After(await FindingFeed.VisibleHorizonAsync(db, CancellationToken.None));
        var destination = new Destination
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Tenant.Id,
            Name = $"{kind}-{Guid.NewGuid():N}",
            Kind = kind,
            Format = format,
            Url = url,
            SigningSecret = kind == DestinationKinds.Webhook ? IssuedSecret.Generate("llmo_whsec_") : null,
            CaCertificate = caCertificate,
            MinSeverity = minSeverity,
            CreatedAt = DateTimeOffset.UtcNow,
            AfterTxId = start.TxId,
            AfterId = start.Id,
        };
        db.Destinations.Add(destination);
        await db.SaveChangesAsync();
        return destination;
    }

    public static async Task<Destination> ReloadAsync(TestDatabase database, Destination destination)
    {
        await using var db = database.CreateDbContext(new FixedTenantContext(destination.TenantId));
        return await db.Destinations.AsNoTracking().SingleAsync(d => d.Id == destination.Id);
    }

    /// <summary>Whether the destination's saved position is at or past <paramref name="position"/> in feed order.</summary>
    public static bool IsAtOrAfter(Destination destination, FeedPosition position) =>
        destination.AfterTxId > position.TxId || (destination.AfterTxId == position.TxId && destination.AfterId.CompareTo(position.Id) >= 0);

    public static async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(TestDatabase database, Destination destination)
    {
        await using var db = database.CreateDbContext(new FixedTenantContext(destination.TenantId));
        return await db.DeadLetters.AsNoTracking().Where(d => d.DestinationId == destination.Id).OrderBy(d => d.FailedAt).ToListAsync();
    }
}
