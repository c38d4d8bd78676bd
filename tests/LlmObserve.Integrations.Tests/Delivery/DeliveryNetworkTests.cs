using LlmObserve.Data.Entities;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>
/// Destinations in our own networks, through a real worker: refused at connect time unless
/// <c>Delivery:AllowedNetworks</c> allows them, and cloud metadata always; nothing reaches the receiver.
/// </summary>
public sealed class DeliveryNetworkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Webhook_LoopbackWithoutAllowedNetworks_DeadLetterNamesAddressAndSetting_NothingReceived()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        var finding = (await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1)).Single();

        await using (await DeliveryWorker.StartAsync(database, DeliveryWorker.NoAllowedNetworks))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 1, Wait, "the dead letter");
        }

        var letter = Assert.Single(await DeliverySeed.DeadLettersAsync(database, destination));
        Assert.Equal(finding, letter.FindingId);
        Assert.Contains("destination address 127.0.0.1 is in the loopback range (127.0.0.0/8); allow it with Delivery:AllowedNetworks", letter.LastError, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Webhook_CloudMetadataWithEverythingAllowed_StillRefused()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1);
        var everything = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Delivery:AllowedNetworks:0"] = "0.0.0.0/0",
            ["Delivery:AllowedNetworks:1"] = "::/0",
        };

        await using (await DeliveryWorker.StartAsync(database, everything))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 1, Wait, "the dead letter");
        }

        var letter = Assert.Single(await DeliverySeed.DeadLettersAsync(database, destination));
        Assert.Contains("destination address 169.254.169.254 is link-local", letter.LastError, StringComparison.Ordinal);
        Assert.Contains("never allowed", letter.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_HostNameResolvingToLoopback_RefusedWithoutAllowedNetworks()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, $"http://localhost:{receiver.Url.Port}/hook");
        await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1);

        await using (await DeliveryWorker.StartAsync(database, DeliveryWorker.NoAllowedNetworks))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 1, Wait, "the dead letter");
        }

        var letter = Assert.Single(await DeliverySeed.DeadLettersAsync(database, destination));
        Assert.Matches(@"destination address (127\.0\.0\.1|::1) is .*loopback.*; allow it with Delivery:AllowedNetworks", letter.LastError);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Syslog_LoopbackWithoutAllowedNetworks_DeadLetter_NeverConnects()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var listener = SyslogListener.Start();
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Syslog, $"tcp://127.0.0.1:{listener.Port}");
        await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1);

        await using (await DeliveryWorker.StartAsync(database, DeliveryWorker.NoAllowedNetworks))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 1, Wait, "the dead letter");
        }

        var letter = Assert.Single(await DeliverySeed.DeadLettersAsync(database, destination));
        Assert.Equal($"tcp://127.0.0.1:{listener.Port}: destination address 127.0.0.1 is in the loopback range (127.0.0.0/8); allow it with Delivery:AllowedNetworks", letter.LastError);
        Assert.Equal(0, listener.Connections);
    }
}
