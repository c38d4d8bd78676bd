using System.Text.RegularExpressions;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Findings;
using LlmObserve.Integrations.Formats;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>Syslog delivery to a real TCP (and TLS) listener that reads octet-counted RFC 5424 frames.</summary>
public sealed partial class SyslogDeliveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Syslog_Tcp_ListenerReceivesRfc5424FramesInFeedOrder()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database, "worker-7");
        await using var listener = SyslogListener.Start();
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Syslog, $"tcp://127.0.0.1:{listener.Port}", ExportFormats.Falco);
        var ids = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 3);

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(() => Task.FromResult(listener.Messages.Count >= 3), Wait, "three syslog messages");
        }

        var feed = await DeliverySeed.FeedAsync(database, tenant);
        Assert.Empty(listener.Errors);
        Assert.Equal(1, listener.Connections); // one connection kept for every message
        Assert.Equal(ids.Count, listener.Messages.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            AssertMessage(listener.Messages[i], feed.Single(f => f.Id == ids[i]), ExportFormats.Falco);
        }

        Assert.True(DeliverySeed.IsAtOrAfter(await DeliverySeed.ReloadAsync(database, destination), feed.Single(f => f.Id == ids[^1]).Position));
    }

    [Fact]
    public async Task Syslog_TlsWithTheDestinationsCa_ListenerReceivesFrames()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        using var certificates = TestCertificates.Create();
        await using var listener = SyslogListener.Start(certificates.Server);
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Syslog, $"tls://127.0.0.1:{listener.Port}", ExportFormats.Cef, certificates.CaPem);
        var ids = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 2);

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(() => Task.FromResult(listener.Messages.Count >= 2), Wait, "two syslog messages over TLS");
        }

        var feed = await DeliverySeed.FeedAsync(database, tenant);
        Assert.Empty(listener.Errors);
        Assert.Equal(ids.Count, listener.Messages.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            AssertMessage(listener.Messages[i], feed.Single(f => f.Id == ids[i]), ExportFormats.Cef);
        }
    }

    [Fact]
    public async Task Syslog_TlsWithoutTheCa_RefusesTheServerAndDeadLetters()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        using var certificates = TestCertificates.Create();
        await using var listener = SyslogListener.Start(certificates.Server);
        var destination = await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Syslog, $"tls://127.0.0.1:{listener.Port}");
        await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1);

        await using (await DeliveryWorker.StartAsync(database))
        {
            await Eventually.UntilAsync(async () => (await DeliverySeed.DeadLettersAsync(database, destination)).Count == 1, Wait, "the dead letter");
        }

        Assert.Empty(listener.Messages);
        var letter = Assert.Single(await DeliverySeed.DeadLettersAsync(database, destination));
        Assert.Equal(6, letter.Attempts);
        Assert.Contains("tls://127.0.0.1", letter.LastError, StringComparison.Ordinal);
        Assert.Matches(HeaderPattern(), letter.Payload); // the whole syslog message, to send again
    }

    [Fact]
    public async Task Syslog_ServerClosedTheConnection_NextFindingGoesOverANewOne()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        await using var listener = SyslogListener.Start();
        await DeliverySeed.AddDestinationAsync(database, tenant, DestinationKinds.Syslog, $"tcp://127.0.0.1:{listener.Port}");
        await using var worker = await DeliveryWorker.StartAsync(database);

        var first = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1);
        await Eventually.UntilAsync(() => Task.FromResult(listener.Messages.Count == 1), Wait, "the first message");
        listener.DropConnections();
        await Eventually.UntilAsync(() => Task.FromResult(listener.Closed == 1), Wait, "the connection to close");
        await Task.Delay(200, TestContext.Current.CancellationToken); // the sender sees the end of its connection
        var second = await DeliverySeed.StoreFindingsAsync(database, tenant, node, 1);
        await Eventually.UntilAsync(() => Task.FromResult(listener.Messages.Count == 2), Wait, "the second message");

        Assert.Equal(2, listener.Connections);
        Assert.Equal([first[0], second[0]], listener.Messages.Select(m => Guid.Parse(HeaderPattern().Match(m).Groups["findingId"].Value)));
    }

    /// <summary>Checks one message against RFC 5424's grammar, field by field, and its MSG against the export format.</summary>
    private static void AssertMessage(string message, FindingEvent finding, string format)
    {
        var match = HeaderPattern().Match(message);
        Assert.True(match.Success, $"Not an RFC 5424 message as expected: {message}");
        Assert.Equal("107", match.Groups["pri"].Value); // facility 13 (log audit) * 8 + severity 3 (high → error)
        Assert.Equal(finding.CreatedAt.UtcDateTime, DateTimeOffset.Parse(match.Groups["timestamp"].Value, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        Assert.Equal(finding.NodeName, match.Groups["hostname"].Value);
        Assert.Equal("llmobserve", match.Groups["app"].Value);
        Assert.Equal("-", match.Groups["procid"].Value);
        Assert.Equal(finding.Category, match.Groups["msgid"].Value);
        Assert.Equal(finding.Id.ToString(), match.Groups["findingId"].Value);
        Assert.Equal(finding.RuleId, match.Groups["ruleId"].Value);
        Assert.Equal(finding.ClusterName, match.Groups["cluster"].Value);
        Assert.Equal("\uFEFF" + FindingFormatters.For(format).Write(finding), match.Groups["msg"].Value);
    }

    // HEADER: <PRI>1 TIMESTAMP (RFC 3339, UTC) HOSTNAME APP-NAME PROCID MSGID, each 1*PRINTUSASCII of its
    // maximum length; one SD-ELEMENT whose PARAM-VALUEs escape '"', '\' and ']'; then MSG.
    [GeneratedRegex("""
        ^<(?<pri>[0-9]{1,3})>1[ ]
        (?<timestamp>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z)[ ]
        (?<hostname>[!-~]{1,255})[ ](?<app>[!-~]{1,48})[ ](?<procid>[!-~]{1,128})[ ](?<msgid>[!-~]{1,32})[ ]
        \[llmobserve@32473
          [ ]findingId="(?<findingId>[0-9a-f-]{36})"
          [ ]ruleId="(?<ruleId>(\\["\\\]]|[^"\\\]])*)"
          [ ]cluster="(?<cluster>(\\["\\\]]|[^"\\\]])*)"
          [ ]severity="(info|low|medium|high|critical)"
        \][ ]
        (?<msg>.*)\z
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.Singleline | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex HeaderPattern();
}
