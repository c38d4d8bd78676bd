using LlmObserve.Data.Entities;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>A destination disabled or pointed elsewhere while it is down: noticed at the next attempt, not after a batch of dead letters.</summary>
public sealed class DeliveryChangeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>About a second of retries per finding, so the change lands while the first one is still being tried.</summary>
    private static readonly Dictionary<string, string?> SlowRetries = new(StringComparer.Ordinal)
    {
        ["Delivery:InitialBackoff"] = "00:00:00.100",
        ["Delivery:MaxBackoff"] = "00:00:00.200",
    };

    [Fact]
    public async Task Webhook_UrlChangedDuringOutage_InFlightAndLaterFindingsGoToTheNewUrl_NoDeadLetters()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var down = await WebhookReceiver.StartAsync(_ => 503);
        await using var fixedReceiver = await WebhookReceiver.StartAsync();
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, down.Url.ToString());
        var ids = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 3);

        await using (await DeliveryWorker.StartAsync(database, SlowRetries))
        {
            await Eventually.UntilAsync(() => Task.FromResult(down.Requests.Count >= 1), Wait, "the first failed attempt");
            await database.CountAsync($"UPDATE destinations SET url = '{fixedReceiver.Url}' WHERE id = '{destination.Id}'");
            await Eventually.UntilAsync(() => Task.FromResult(fixedReceiver.Accepted.Count >= 3), Wait, "every finding at the new url");
        }

        Assert.Equal(ids.Select(id => id.ToString()), fixedReceiver.Accepted.Select(r => r.DeliveryId));
        Assert.Equal([ids[0].ToString()], down.Requests.Select(r => r.DeliveryId).Distinct());
        Assert.Empty(await DeliverySeed.DeadLettersAsync(database, destination));
    }

    [Fact]
    public async Task Webhook_DisabledDuringOutage_StopsAtTheNextAttempt_PositionKept()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var down = await WebhookReceiver.StartAsync(_ => 503);
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, down.Url.ToString());
        var ids = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 3);

        await using (await DeliveryWorker.StartAsync(database, SlowRetries))
        {
            await Eventually.UntilAsync(() => Task.FromResult(down.Requests.Count >= 1), Wait, "the first failed attempt");
            await database.CountAsync($"UPDATE destinations SET enabled = false WHERE id = '{destination.Id}'");
            await Task.Delay(1500, TestContext.Current.CancellationToken); // without the check: six attempts, a dead letter, the next finding
        }

        // An attempt or two may have begun before the update landed (the test polls every 50 ms); none after it.
        Assert.InRange(down.Requests.Count, 1, 3);
        Assert.Equal([ids[0].ToString()], down.Requests.Select(r => r.DeliveryId).Distinct());
        Assert.Empty(await DeliverySeed.DeadLettersAsync(database, destination));
        var saved = await DeliverySeed.ReloadAsync(database, destination);
        Assert.Equal((destination.AfterTxId, destination.AfterId), (saved.AfterTxId, saved.AfterId));
    }
}
