using System.Text;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Tests.Support;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Http;

public sealed class HttpStageGiveUpTests
{
    private static readonly byte[] Request = JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"gpt-4o"}""");

    [Fact]
    public void OnChunk_RequestNotWanted_MutesForgetsAndCountsNotLlm()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();
        harness.Sink.Wanted = (_, _) => false;

        harness.Connection.Open().Send(Message(["GET /index.html HTTP/1.1", "Host: example.com"])).Receive(JsonOk("{}"));

        Assert.Equal([1UL], harness.Control.Muted);
        Assert.Equal(0, harness.Stage.TrackedConnections);
        Assert.Empty(harness.Sink.Exchanges);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NotLlm));
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.Muted));
    }

    [Fact]
    public void OnChunk_UnwantedRequestAfterAWantedOne_DropsOnlyThatExchange()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();
        harness.Sink.Wanted = (head, _) => head.Target != "/health";

        harness.Connection.Open().Send(Request).Receive(JsonOk("\"1\""))
            .Send(Message(["GET /health HTTP/1.1", "Host: h"])).Receive(JsonOk("\"ok\""))
            .Send(Request).Receive(JsonOk("\"3\""));

        Assert.Equal(["\"1\"", "\"3\""], harness.Sink.Exchanges.Select(e => Encoding.UTF8.GetString(e.ResponseBody!.Content.Span)));
        Assert.Empty(harness.Control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NotLlm));
    }

    [Theory]
    [InlineData(StreamDirection.Ingress, "POST /v1/chat/completions HTTP/1.1\r\nHost: me\r\n\r\n", DropReasons.ServerSide)]
    [InlineData(StreamDirection.Egress, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", DropReasons.ServerSide)]
    [InlineData(StreamDirection.Egress, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", DropReasons.Http2)]
    [InlineData(StreamDirection.Egress, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", DropReasons.NotHttp)]
    [InlineData(StreamDirection.Ingress, "220 smtp.example.com ESMTP\r\n", DropReasons.NotHttp)]
    [InlineData(StreamDirection.Egress, "GET / HTTP/1.1\r\nBad Header\r\n\r\n", DropReasons.Malformed)]
    public void OnChunk_FirstBytesNotAClientsHttp_MutesWithReason(StreamDirection direction, string bytes, string reason)
    {
        foreach (var bytewise in new[] { false, true })
        {
            using var drops = DropRecorder.Start();
            using var harness = new StageHarness(new HttpStageOptions { JoinWindow = TimeSpan.Zero }); // long after the collector started
            var data = Encoding.Latin1.GetBytes(bytes);

            harness.Connection.Open().Write(direction, data, bytewise ? [.. Enumerable.Range(1, data.Length - 1)] : []);

            Assert.Equal([1UL], harness.Control.Muted);
            Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, reason));
            Assert.Equal(0, harness.Stage.TrackedConnections);
        }
    }

    [Fact]
    public void OnChunk_ServerSideConnectionNeverAnnounced_MutedOnTheFirstRequestItReads()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        harness.Connection.Chunk(StreamDirection.Ingress, Request, offset: 123_456);

        Assert.Equal([1UL], harness.Control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.ServerSide));
    }

    [Fact]
    public void OnChunk_HeadOverTheLimits_MutesWithHeaderLimit()
    {
        var manyHeaders = Message(["GET / HTTP/1.1", .. Enumerable.Range(0, 20).Select(i => $"X-H{i}: v")]);
        var longHead = Message(["GET / HTTP/1.1", "X-Long: " + new string('a', 3000)]);
        foreach (var request in new[] { manyHeaders, longHead })
        {
            using var drops = DropRecorder.Start();
            using var harness = new StageHarness(new HttpStageOptions { MaxHeaderCount = 10, MaxHeadBytes = 2048 });

            harness.Connection.Open().Send(request, 1000);

            Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.HeaderLimit));
            Assert.Equal(0, harness.Stage.BufferedBytes);
        }
    }

    [Fact]
    public void OnChunk_SwitchingProtocols_HandsOnTheExchangeThenMutes()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Message(["GET /v1/realtime HTTP/1.1", "Host: api.openai.com", "Upgrade: websocket", "Connection: Upgrade"]))
            .Receive([.. Message(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket"]), 0x81, 0x05]);

        Assert.Equal(101, harness.Single.Response!.StatusCode);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.Upgraded));
        Assert.Equal([1UL], harness.Control.Muted);
    }

    [Fact]
    public void OnChunk_GarbageAfterAWantedExchange_MutesAndHandsOnWhatWasComplete()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request).Receive(JsonOk("{}")).Send(Request)
            .Receive("HTTP/1.1 2xx nonsense\r\n\r\n"u8.ToArray());

        Assert.Equal(2, harness.Sink.Exchanges.Count);
        Assert.Null(harness.Sink.Exchanges[1].Response);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.Malformed));
    }

    [Fact]
    public void OnChunk_ChunkAfterItsConnectionClosed_StartsAFreshConnectionThatResyncs()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(Request).Close();

        harness.Connection.Receive(JsonOk("{}"));

        Assert.Equal(1, harness.Stage.TrackedConnections);
        Assert.Single(harness.Sink.Exchanges);
    }

    [Fact]
    public void OnChunk_MorePipelinedRequestsThanAllowed_MutesWithTooManyPending()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { MaxPendingRequests = 2 });

        harness.Connection.Open().Send([.. Request, .. Request, .. Request]);

        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.TooManyPending));
        Assert.Equal(2, harness.Sink.Exchanges.Count); // the two complete requests are still handed on
    }

    [Fact]
    public void OnChunk_NoMessageStartWithinTheResyncLimit_MutesWithNoSync()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { MaxResyncBytes = 1000 });

        harness.Connection.Chunk(StreamDirection.Egress, new byte[600], offset: 50).Chunk(StreamDirection.Egress, new byte[600]);

        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NoSync));
        Assert.Equal([1UL], harness.Control.Muted);
    }

    [Fact]
    public void OnChunk_StageBufferBudgetSpent_CutsTheBodyAndCounts()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { MaxBufferedBytes = 64 * 1024 });
        var body = Text(200_000, seed: 11);

        harness.Connection.Open().Send(Request).Receive(Message(["HTTP/1.1 200 OK", "Content-Length: 200000"], body));

        var received = harness.Single.ResponseBody!;
        // The request body waiting for this response holds a few bytes of the budget: three 16 KiB segments fit.
        Assert.Equal((48 * 1024, 200_000L, true), (received.Content.Length, received.DecodedSize, received.Truncated));
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.BodyBudget));
        Assert.Equal(0, harness.Stage.BufferedBytes);
    }
}
