using System.Text;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Tests.Support;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Http;

public sealed class HttpStageLossTests
{
    private static readonly byte[] Request = JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"gpt-4o"}""");

    [Fact]
    public void OnChunk_GapInsideContentLengthBody_CountsLostBytesAndKeepsFraming()
    {
        var body = Text(1000, seed: 4);
        var response = Message(["HTTP/1.1 200 OK", "Content-Length: 1000"], body);
        var headLength = response.Length - 1000;
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request)
            .Receive(response[..(headLength + 100)]).Lose(StreamDirection.Ingress, 300).Receive(response[(headLength + 400)..])
            .Send(Request).Receive(JsonOk("{}"));

        var first = harness.Sink.Exchanges[0].ResponseBody!;
        Assert.Equal((700L, 300L, false), (first.DecodedSize, first.LostBytes, first.Truncated));
        Assert.Equal([.. body[..100], .. body[400..]], first.Content.ToArray());
        Assert.Equal("{}", Encoding.UTF8.GetString(harness.Sink.Exchanges[1].ResponseBody!.Content.Span));
        Assert.Equal(300, drops.Dropped(DropReasons.ReassemblyStage, DropReasons.LostBytes));
    }

    [Fact]
    public void OnChunk_WholeRequestLostBetweenMessages_ItsResponseIsUnpairedAndTheNextPairs()
    {
        var lost = JsonPost("/v1/lost", "api.openai.com", "{}");
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request).Receive(JsonOk("\"1\""))
            .Lose(StreamDirection.Egress, lost.Length).Receive(JsonOk("\"lost\""))
            .Send(Request).Receive(JsonOk("\"3\""));

        Assert.Equal(["\"1\"", "\"3\""], harness.Sink.Exchanges.Select(e => Encoding.UTF8.GetString(e.ResponseBody!.Content.Span)));
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.UnpairedResponse));
    }

    [Fact]
    public void OnChunk_GapInsideChunkSizeLine_EndsTheMessageCutAndResyncsOnTheNextResponse()
    {
        var response = Message(["HTTP/1.1 200 OK", "Transfer-Encoding: chunked"], Chunked(Text(100, seed: 5), 10));
        var cut = response.Length - 20;
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request).Receive(response[..cut]).Lose(StreamDirection.Ingress, 3).Receive(response[(cut + 3)..])
            .Send(Request).Receive(JsonOk("\"next\""));

        var first = harness.Sink.Exchanges[0].ResponseBody!;
        Assert.Equal((true, 3L), (first.Truncated, first.LostBytes));
        Assert.Equal("\"next\"", Encoding.UTF8.GetString(harness.Sink.Exchanges[1].ResponseBody!.Content.Span));
    }

    [Fact]
    public void OnChunk_ResponsesLostWholeAfterPipelinedRequests_NewestRequestGetsTheResponseFound()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(JsonPost("/old", "h", "{}")).Lose(StreamDirection.Ingress, 500)
            .Send(JsonPost("/new", "h", "{}")).Receive(JsonOk("\"for new\""));

        Assert.Equal(["/old", "/new"], harness.Sink.Exchanges.Select(e => e.Request.Target));
        Assert.Null(harness.Sink.Exchanges[0].Response);
        Assert.Equal("\"for new\"", Encoding.UTF8.GetString(harness.Sink.Exchanges[1].ResponseBody!.Content.Span));
    }

    [Fact]
    public void OnChunk_DuplicateAndOverlappingChunks_AreTrimmed()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();
        var connection = harness.Connection.Open();

        connection.Chunk(StreamDirection.Egress, Request.AsSpan(0, 50))
            .Chunk(StreamDirection.Egress, Request.AsSpan(0, 50), offset: 0)
            .Chunk(StreamDirection.Egress, Request.AsSpan(30), offset: 30)
            .Receive(JsonOk("{}"));

        Assert.Equal("""{"model":"gpt-4o"}""", Encoding.UTF8.GetString(harness.Single.RequestBody.Content.Span));
        Assert.Equal(1, drops.Dropped(DropReasons.ReassemblyStage, DropReasons.Duplicate));
    }

    [Fact]
    public void OnChunk_KernelCapCutsTheRequest_RequestHandedOnCutAndStillPaired()
    {
        var request = JsonPost("/v1/chat/completions", "api.openai.com", $$"""{"model":"gpt-4o","input":"{{new string('x', 5000)}}"}""");
        using var harness = new StageHarness();

        harness.Connection.Open()
            .Chunk(StreamDirection.Egress, request.AsSpan(0, 2000), ChunkFlags.Truncated)
            .Chunk(StreamDirection.Egress, request.AsSpan(2000, 100))
            .Receive(JsonOk("{}"));

        var exchange = harness.Single;
        Assert.True(exchange.RequestBody.Truncated);
        Assert.Equal(200, exchange.Response!.StatusCode);
        Assert.Single(harness.Sink.Asked);
    }

    [Fact]
    public void OnChunk_KernelCapCutsOneResponse_TheNextExchangeOnTheConnectionIsReadWhole()
    {
        var big = JsonOk($$"""{"text":"{{new string('x', 5000)}}"}""");
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request)
            .Chunk(StreamDirection.Ingress, big.AsSpan(0, 2000), ChunkFlags.Truncated)
            .Lose(StreamDirection.Ingress, big.Length - 2000) // the kernel counted the rest and did not send it
            .Send(Request)
            .Chunk(StreamDirection.Ingress, JsonOk("\"next\""), ChunkFlags.LostBefore);

        Assert.Equal(2, harness.Sink.Exchanges.Count);
        Assert.True(harness.Sink.Exchanges[0].ResponseBody!.Truncated);
        var next = harness.Sink.Exchanges[1].ResponseBody!;
        Assert.Equal("\"next\"", Encoding.UTF8.GetString(next.Content.Span));
        Assert.False(next.Truncated);
        Assert.Equal(0, next.LostBytes);
        Assert.Empty(harness.Control.Muted);
    }

    [Fact]
    public void OnChunk_ConnectionNeverAnnouncedStartingMidBody_WaitsForTheNextMessage()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness();
        var connection = harness.Connection;

        connection.Chunk(StreamDirection.Egress, "e\":\"tail of an old request\"}"u8, offset: 9000)
            .Chunk(StreamDirection.Ingress, "tail of an old response"u8, offset: 7000)
            .Send(Request).Receive(JsonOk("{}"));

        Assert.Equal("/v1/chat/completions", harness.Single.Request.Target);
        Assert.Equal(51, drops.Dropped(DropReasons.HttpStage, DropReasons.Resync));
        Assert.Empty(harness.Control.Muted);
    }
}
