using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LlmObserve.Data.Entities;
using LlmObserve.Integrations.Formats;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>Webhook delivery through a real worker host, a real database and a real HTTP receiver.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Webhook_ReceiverFailsThreeTimes_ArrivesOnceSignedAfterFourAttempts()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt <= 3 ? 500 : 200);
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        var findingId = (await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1)).Single();
        var started = DateTimeOffset.UtcNow;

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(() => Task.FromResult(receiver.Accepted.Count > 0), Wait, "the webhook to be accepted");
            await Eventually.UntilAsync(async () => (await DeliverySeed.ReloadAsync(database, destination)).LastDeliveryAt is not null, Wait, "the position to be saved");
            await Task.Delay(300, TestContext.Current.CancellationToken); // several polls: nothing more may arrive
        }

        Assert.Equal([500, 500, 500, 200], receiver.Requests.Select(r => r.Status));
        var accepted = Assert.Single(receiver.Accepted);
        Assert.Equal(findingId.ToString(), accepted.DeliveryId);
        var feed = await DeliverySeed.FeedAsync(database, tenant);
        Assert.Equal(FindingFormatters.For(ExportFormats.Ocsf).Write(feed.Single()), accepted.Body);
        Assert.StartsWith("application/json", accepted.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("LlmObserve/", accepted.Headers["User-Agent"], StringComparison.Ordinal);

        // The signature, checked as a receiver would: HMAC-SHA256 with the secret over "<timestamp>.<body>".
        var timestamp = long.Parse(accepted.Headers["X-LlmObserve-Timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(timestamp), started.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(destination.SigningSecret!), Encoding.UTF8.GetBytes($"{timestamp}.{accepted.Body}")));
        Assert.Equal(expected, accepted.Headers["X-LlmObserve-Signature"]);

        var saved = await DeliverySeed.ReloadAsync(database, destination);
        Assert.True(DeliverySeed.IsAtOrAfter(saved, feed.Single().Position), "The position must be past the delivered finding.");
        Assert.NotNull(saved.LastDeliveryAt);
        Assert.Null(saved.LastError);
        Assert.Empty(await DeliverySeed.DeadLettersAsync(database, destination));
    }

    [Fact]
    public async Task Webhook_ReceiverAlwaysFails_DeadLetterAfterEveryAttemptAndMovesOn()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync(_ => 503);
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString(), ExportFormats.Cef);
        var findings = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 2);

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 2, Wait, "two dead letters");
        }

        var letters = await DeliverySeed.DeadLettersAsync(database, destination);
        Assert.Equal(findings, letters.Select(l => l.FindingId));
        var feed = await DeliverySeed.FeedAsync(database, tenant);
        Assert.All(letters, l =>
        {
            Assert.Equal(6, l.Attempts);
            Assert.Contains("HTTP 503", l.LastError, StringComparison.Ordinal);
            Assert.Equal(FindingFormatters.For(ExportFormats.Cef).Write(feed.Single(f => f.Id == l.FindingId)), l.Payload);
            Assert.True(l.FirstAttemptAt <= l.FailedAt);
        });
        Assert.Equal(12, receiver.Requests.Count);
        var saved = await DeliverySeed.ReloadAsync(database, destination);
        Assert.True(DeliverySeed.IsAtOrAfter(saved, feed.Single(f => f.Id == findings[^1]).Position), "The position must be past the dead letters.");
        Assert.Contains("HTTP 503", saved.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_NothingListening_DeadLetterWithTheNetworkError()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, $"http://127.0.0.1:{ClosedPort()}/hook");
        var finding = (await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1)).Single();

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 1, Wait, "the dead letter");
        }

        var letter = Assert.Single(await DeliverySeed.DeadLettersAsync(database, destination));
        Assert.Equal((finding, 6), (letter.FindingId, letter.Attempts));
        Assert.Contains("refused", letter.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Webhook_MinSeverity_OnlySevereEnoughFindingsAreSent()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString(),
            minSeverity: Contracts.Findings.FindingSeverity.High);
        await DeliverySeed.StoreFindingsAsync(database, tenant, node, 3, Contracts.Findings.FindingSeverity.Low);
        var critical = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 2, Contracts.Findings.FindingSeverity.Critical);

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(() => Task.FromResult(receiver.Accepted.Count >= 2), Wait, "the critical findings");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Equal(critical.Select(id => id.ToString()), receiver.Accepted.Select(r => r.DeliveryId));
    }

    [Fact]
    public async Task Webhook_ReceiverThatNeverAnswers_DoesNotHoldUpAnotherDestination()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never answers
        silent.Start();
        await using var receiver = await WebhookReceiver.StartAsync();
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook");
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        var findings = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 3);

        // Each try at the silent one takes the 2 s timeout; the other must not wait for it.
        await using var worker = await DeliveryWorker.StartAsync(database);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Accepted.Count == 3), Wait, "the healthy destination's deliveries");

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
        Assert.Equal(findings.Select(id => id.ToString()), receiver.Accepted.Select(r => r.DeliveryId));
    }

    [Fact]
    public async Task Webhook_DisabledOrMisconfiguredDestinations_SkippedWithoutStoppingTheOthers()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        var disabled = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        var broken = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Webhook, receiver.Url.ToString());
        await database.CountAsync($"UPDATE destinations SET enabled = false WHERE id = '{disabled.Id}'");
        await database.CountAsync($"UPDATE destinations SET url = 'ftp://siem.example.com/' WHERE id = '{broken.Id}'"); // as if edited by hand
        var ids = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 2);

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(() => Task.FromResult(receiver.Requests.Count >= 2), Wait, "the healthy destination's deliveries");
            await Eventually.UntilAsync(async () => (await DeliverySeed.ReloadAsync(database, broken)).LastError is not null, Wait, "the misconfiguration to be recorded");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Equal(ids.Select(id => id.ToString()), receiver.Requests.Select(r => r.DeliveryId));
        Assert.StartsWith("misconfigured: A webhook url must be http:// or https://", (await DeliverySeed.ReloadAsync(database, broken)).LastError, StringComparison.Ordinal);
        Assert.Equal((disabled.AfterTxId, disabled.AfterId), ((await DeliverySeed.ReloadAsync(database, disabled)).AfterTxId, (await DeliverySeed.ReloadAsync(database, disabled)).AfterId));
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
