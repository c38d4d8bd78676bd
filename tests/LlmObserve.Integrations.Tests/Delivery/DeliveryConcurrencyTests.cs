using LlmObserve.Data.Entities;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>Several workers, and findings stored while delivering: every finding once, in feed order.</summary>
public sealed class DeliveryConcurrencyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TwoWorkers_SameDestinations_DeliverEachFindingOnce()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var other = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var otherNode = await other.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var otherReceiver = await WebhookReceiver.StartAsync();
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        await DeliverySeed.AddDestinationAsync(database, other, DestinationKinds.Webhook, otherReceiver.Url.ToString());
        var ids = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 25);
        var otherIds = await DeliverySeed.StoreFindingsAsync(database, other, otherNode, 25);

        await using (await DeliveryWorker.StartAsync(database))
        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(() => Task.FromResult(receiver.Requests.Count >= 25 && otherReceiver.Requests.Count >= 25), Wait, "every finding");
            await Task.Delay(300, TestContext.Current.CancellationToken); // several polls of both workers: no repeats may follow
        }

        // Each tenant's destination got its own tenant's findings, once each, in feed order.
        Assert.Equal(ids.Select(id => id.ToString()), receiver.Requests.Select(r => r.DeliveryId));
        Assert.Equal(otherIds.Select(id => id.ToString()), otherReceiver.Requests.Select(r => r.DeliveryId));
    }

    [Fact]
    public async Task FindingsStoredWhileDelivering_AllDeliveredOnceInFeedOrder()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var nodes = new[] { await tenant.AddNodeAsync(database, "node-a"), await tenant.AddNodeAsync(database, "node-b") };
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var listener = SyslogListener.Start();
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Syslog, $"tcp://127.0.0.1:{listener.Port}");

        await using var first = await DeliveryWorker.StartAsync(database);
        await using var second = await DeliveryWorker.StartAsync(database);

        // Two writers, as two scanner workers storing batches at the same time as delivery reads the feed.
        var writers = nodes.Select(node => Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1 + (batch % 3));
                await Task.Delay(Random.Shared.Next(5, 30));
            }
        }));
        await Task.WhenAll(writers);
        var feed = await DeliverySeed.FeedAsync(database, tenant);
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Requests.Count >= feed.Count && listener.Messages.Count >= feed.Count), Wait, "every stored finding");
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Equal(38, feed.Count); // 2 writers × (1+2+3+1+2+3+1+2+3+1)
        Assert.Equal(feed.Select(f => f.Id.ToString()), receiver.Requests.Select(r => r.DeliveryId));
        Assert.Equal(feed.Select(f => $"findingId=\"{f.Id}\""), listener.Messages.Select(m => m[m.IndexOf("findingId=", StringComparison.Ordinal)..][..48]));
    }
}
