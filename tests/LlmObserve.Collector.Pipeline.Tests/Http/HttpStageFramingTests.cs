using System.Text;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Tests.Support;
using LlmObserve.Contracts.Capture;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Http;

public sealed class HttpStageFramingTests
{
    private static readonly byte[] Request = JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "Authorization: Bearer sk-test");
    private static readonly byte[] Response = JsonOk("""{"id":"chatcmpl-1","choices":[{"message":{"content":"hello"}}]}""");

    [Fact]
    public void OnChunk_ContentLengthRequestAndResponse_HandsOnOneExchange()
    {
        using var harness = new StageHarness();
        var addresses = new CapturedConnection { RemoteAddress = "10.0.0.9", RemotePort = 443, ServerName = "api.openai.com" };

        harness.Connection.Open(addresses).Send(Request).Receive(Response);

        var exchange = harness.Single;
        Assert.Equal((1UL, 4242, CaptureSource.OpenSslUprobe), (exchange.ConnectionId, exchange.Pid, exchange.Source));
        Assert.Same(addresses, exchange.Addresses);
        Assert.Equal(("POST", "/v1/chat/completions", "HTTP/1.1"), (exchange.Request.Method, exchange.Request.Target, exchange.Request.Version));
        Assert.Equal(new HttpHeader("Authorization", "Bearer sk-test"), exchange.Request.Headers[3]);
        Assert.Equal("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8.GetString(exchange.RequestBody.Content.Span));
        Assert.Equal((200, "OK"), (exchange.Response!.StatusCode, exchange.Response.Reason));
        Assert.Equal("""{"id":"chatcmpl-1","choices":[{"message":{"content":"hello"}}]}""", Encoding.UTF8.GetString(exchange.ResponseBody!.Content.Span));
        Assert.Equal((ConnectionFeeder.Epoch, ConnectionFeeder.Epoch.AddMilliseconds(1)), (exchange.RequestStartedAt, exchange.ResponseCompletedAt));
        Assert.False(exchange.Streamed || exchange.RequestBody.Truncated || exchange.ResponseBody.Truncated);
        Assert.Equal(0, harness.Stage.BufferedBytes);
    }

    [Fact]
    public void OnChunk_SplitAtEveryPointOrBytewise_SameExchange()
    {
        var splits = Enumerable.Range(1, Request.Length - 1).Select(cut => (Request: new[] { cut }, Response: Array.Empty<int>()))
            .Concat(Enumerable.Range(1, Response.Length - 1).Select(cut => (Request: Array.Empty<int>(), Response: new[] { cut })))
            .Append((Request: Enumerable.Range(1, Request.Length - 1).ToArray(), Response: Enumerable.Range(1, Response.Length - 1).ToArray()));

        foreach (var (requestCuts, responseCuts) in splits)
        {
            using var harness = new StageHarness();
            harness.Connection.Open().Send(Request, requestCuts).Receive(Response, responseCuts);

            var exchange = harness.Single;
            Assert.Equal(62, exchange.RequestBody.Content.Length);
            Assert.Equal(Response[^63..], exchange.ResponseBody!.Content.ToArray());
        }
    }

    [Fact]
    public void OnChunk_KeepAliveWithThreeExchanges_PairsEachResponseWithItsRequest()
    {
        using var harness = new StageHarness();
        harness.Connection.Open();

        for (var i = 0; i < 3; i++)
        {
            harness.Connection.Send(JsonPost($"/v1/embeddings?n={i}", "api.openai.com", $$"""{"model":"m{{i}}"}"""))
                .Receive(JsonOk($$"""{"n":{{i}}}"""));
        }

        Assert.Equal(["/v1/embeddings?n=0", "/v1/embeddings?n=1", "/v1/embeddings?n=2"], harness.Sink.Exchanges.Select(e => e.Request.Target));
        Assert.Equal(["""{"n":0}""", """{"n":1}""", """{"n":2}"""], harness.Sink.Exchanges.Select(e => Encoding.UTF8.GetString(e.ResponseBody!.Content.Span)));
    }

    [Fact]
    public void OnChunk_PipelinedRequestsThenResponses_PairsFirstInFirstOut()
    {
        using var harness = new StageHarness();
        byte[] requests = [.. JsonPost("/a", "h", "{}"), .. Message(["GET /b HTTP/1.1", "Host: h"]), .. JsonPost("/c", "h", "{}")];
        byte[] responses = [.. JsonOk("\"a\""), .. JsonOk("\"b\""), .. JsonOk("\"c\"")];

        harness.Connection.Open().Send(requests).Receive(responses, 5, 70, 71);

        Assert.Equal(["/a", "/b", "/c"], harness.Sink.Exchanges.Select(e => e.Request.Target));
        Assert.Equal(["\"a\"", "\"b\"", "\"c\""], harness.Sink.Exchanges.Select(e => Encoding.UTF8.GetString(e.ResponseBody!.Content.Span)));
    }

    [Fact]
    public void OnChunk_ChunkedResponseCutInsideSizeLinesAndTrailers_DecodesBody()
    {
        var body = Text(3000, seed: 7);
        var response = Message(["HTTP/1.1 200 OK", "Transfer-Encoding: chunked"], Chunked(body, 700, trailer: "X-Trailer: yes\r\n"));
        var headEnd = Encoding.ASCII.GetString(response).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;

        for (var cut = headEnd; cut < response.Length; cut++)
        {
            using var harness = new StageHarness();
            harness.Connection.Open().Send(Request).Receive(response, cut - 1, cut);

            Assert.Equal(body, harness.Single.ResponseBody!.Content.ToArray());
        }

        using var bytewise = new StageHarness();
        bytewise.Connection.Open().Send(Request).ReceiveBytewise(response);
        Assert.Equal(body, bytewise.Single.ResponseBody!.Content.ToArray());
    }

    [Theory]
    [InlineData("HEAD", 200)]
    [InlineData("GET", 204)]
    [InlineData("GET", 304)]
    public void OnChunk_ResponseWithoutBody_NextResponseStillParses(string method, int status)
    {
        using var harness = new StageHarness();
        var bodiless = Message([$"HTTP/1.1 {status} X", "Content-Length: 99", "Content-Type: application/json"]);

        harness.Connection.Open().Send(Message([$"{method} /v1/models HTTP/1.1", "Host: h"])).Receive(bodiless)
            .Send(Request).Receive(Response);

        Assert.Equal([status, 200], harness.Sink.Exchanges.Select(e => e.Response!.StatusCode));
        Assert.Equal(0, harness.Sink.Exchanges[0].ResponseBody!.DecodedSize);
    }

    [Fact]
    public void OnConnectionClosed_ResponseDelimitedByClose_CompletesIt()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(Request).Receive(Message(["HTTP/1.1 200 OK", "Connection: close"], "until the end"));
        Assert.Empty(harness.Sink.Exchanges);

        harness.Connection.Close();

        Assert.Equal("until the end", Encoding.UTF8.GetString(harness.Single.ResponseBody!.Content.Span));
        Assert.False(harness.Single.ResponseBody!.Truncated);
        Assert.Equal(0, harness.Stage.TrackedConnections);
    }

    [Fact]
    public void OnChunk_ExpectContinue_SkipsTheInterimResponse()
    {
        using var harness = new StageHarness();
        var head = Message(["POST /v1/chat/completions HTTP/1.1", "Host: h", "Expect: 100-continue", "Content-Length: 2"]);

        harness.Connection.Open().Send(head).Receive(Message(["HTTP/1.1 100 Continue"])).Send("{}"u8.ToArray()).Receive(Response);

        Assert.Equal(200, harness.Single.Response!.StatusCode);
        Assert.Equal("{}", Encoding.UTF8.GetString(harness.Single.RequestBody.Content.Span));
    }

    [Fact]
    public void Sweep_IdleConnection_HandsOnRequestWithoutResponseAndForgetsIt()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(Request);

        harness.Stage.Sweep(ConnectionFeeder.Epoch.AddMinutes(1));
        Assert.Empty(harness.Sink.Exchanges);
        harness.Stage.Sweep(ConnectionFeeder.Epoch.AddMinutes(3));

        Assert.Null(harness.Single.Response);
        Assert.Equal(0, harness.Stage.TrackedConnections);
    }

    [Fact]
    public void OnChunk_MoreConnectionsThanAllowed_EvictsLeastRecentlyActive()
    {
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { MaxConnections = 2 });
        var first = harness.NewConnection(1).Open().Send(Request);
        harness.NewConnection(2).Open().Send(Request);
        first.Receive(Response);

        harness.NewConnection(3).Open();

        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.Evicted));
        Assert.Equal(2, harness.Stage.TrackedConnections);
        Assert.Equal([1UL, 2UL], harness.Sink.Exchanges.Select(e => e.ConnectionId));
        Assert.Null(harness.Sink.Exchanges[1].Response);
        Assert.Empty(harness.Control.Muted);
    }
}
