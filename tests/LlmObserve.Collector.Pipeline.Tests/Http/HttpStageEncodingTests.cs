using System.Text;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Content;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Tests.Support;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Http;

public sealed class HttpStageEncodingTests
{
    private static readonly byte[] Request = JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"gpt-4o","stream":true}""");

    [Fact]
    public void OnChunk_ChunkedGzipOneMebibyte_DecodesByteExact()
    {
        var body = Text(1024 * 1024, seed: 1);
        var response = Message(["HTTP/1.1 200 OK", "Content-Encoding: gzip", "Transfer-Encoding: chunked"], Chunked(Gzip(body), 4093));
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request).WriteSized(StreamDirection.Ingress, response, 16 * 1024 - 7);

        var received = harness.Single.ResponseBody!;
        Assert.Equal((1024L * 1024, false, null), (received.DecodedSize, received.Truncated, received.DecodeError));
        Assert.True(body.AsSpan().SequenceEqual(received.Content.Span));
        Assert.Equal(0, harness.Stage.BufferedBytes);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("deflate-raw")]
    [InlineData("gzip")]
    public void OnChunk_ContentEncodedResponseCutSmall_Decodes(string coding)
    {
        var body = Text(50_000, seed: 2);
        var encoded = coding switch
        {
            "br" => Brotli(body),
            "deflate" => ZLib(body),
            "deflate-raw" => RawDeflate(body),
            _ => Gzip(body),
        };
        var response = Message(["HTTP/1.1 200 OK", $"Content-Encoding: {coding.Replace("-raw", "", StringComparison.Ordinal)}", $"Content-Length: {encoded.Length}"], encoded);
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request).WriteSized(StreamDirection.Ingress, response, 1);

        Assert.Equal(body, harness.Single.ResponseBody!.Content.ToArray());
    }

    [Fact]
    public void OnChunk_CompressionBomb_StopsAtHardCapAndNextMessageParses()
    {
        var bomb = Gzip(new byte[256 * 1024 * 1024]);
        var options = new HttpStageOptions { MaxBodyBytes = 64 * 1024, MaxDecodedBytes = 4 * 1024 * 1024 };
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(options);

        harness.Connection.Open().Send(Request)
            .WriteSized(StreamDirection.Ingress, Message(["HTTP/1.1 200 OK", "Content-Encoding: gzip", $"Content-Length: {bomb.Length}"], bomb), 16 * 1024)
            .Send(Request).Receive(JsonOk("{}"));

        var body = harness.Sink.Exchanges[0].ResponseBody!;
        Assert.Equal((DecodeErrors.DecodedSizeCap, true, 64 * 1024), (body.DecodeError, body.Truncated, body.Content.Length));
        Assert.InRange(body.DecodedSize, options.MaxDecodedBytes, options.MaxDecodedBytes + (64 * 1024));
        Assert.Equal("{}", Encoding.UTF8.GetString(harness.Sink.Exchanges[1].ResponseBody!.Content.Span));
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DecodeErrors.DecodedSizeCap));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnChunk_BodyOverCap_TruncatedAndNextKeepAliveMessageCorrect(bool chunked)
    {
        var big = Text(5000, seed: 3);
        var response = chunked
            ? Message(["HTTP/1.1 200 OK", "Transfer-Encoding: chunked"], Chunked(big, 999))
            : Message(["HTTP/1.1 200 OK", "Content-Length: 5000"], big);
        using var drops = DropRecorder.Start();
        using var harness = new StageHarness(new HttpStageOptions { MaxBodyBytes = 1000 });

        harness.Connection.Open().Send(Request).Receive(response, 300, 1100).Send(Request).Receive(JsonOk("""{"next":true}"""));

        var first = harness.Sink.Exchanges[0].ResponseBody!;
        Assert.Equal((5000L, true, 0L), (first.DecodedSize, first.Truncated, first.LostBytes));
        Assert.Equal(big[..1000], first.Content.ToArray());
        Assert.Equal("""{"next":true}""", Encoding.UTF8.GetString(harness.Sink.Exchanges[1].ResponseBody!.Content.Span));
        Assert.Equal(4000, drops.Dropped(DropReasons.HttpStage, DropReasons.BodyCap));
    }

    [Fact]
    public void OnChunk_ServerSentEventsWithFirstDataLineInTheHeadChunk_StreamedAndWhole()
    {
        var head = Message(["HTTP/1.1 200 OK", "Content-Type: text/event-stream; charset=utf-8", "Transfer-Encoding: chunked"]);
        var events = new[] { "data: {\"delta\":\"Hel\"}\n\n", "data: {\"delta\":\"lo\"}\n\n", "data: [DONE]\n\n" };
        var chunks = events.Select(e => Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(e):x}\r\n{e}\r\n")).ToList();
        using var harness = new StageHarness();

        harness.Connection.Open().Send(Request)
            .Receive([.. head, .. chunks[0]])
            .Receive(chunks[1])
            .Receive([.. chunks[2], .. "0\r\n\r\n"u8]);

        var exchange = harness.Single;
        Assert.True(exchange.Streamed);
        Assert.Equal(string.Concat(events), Encoding.UTF8.GetString(exchange.ResponseBody!.Content.Span));
    }

    [Fact]
    public void OnChunk_NdjsonUntilClose_Streamed()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(JsonPost("/api/chat", "ollama:11434", """{"model":"llama3"}"""))
            .Receive(Message(["HTTP/1.1 200 OK", "Content-Type: application/x-ndjson"], "{\"done\":false}\n"))
            .Receive("{\"done\":true}\n"u8.ToArray())
            .Close();

        Assert.True(harness.Single.Streamed);
        Assert.Equal("{\"done\":false}\n{\"done\":true}\n", Encoding.UTF8.GetString(harness.Single.ResponseBody!.Content.Span));
    }

    [Fact]
    public void OnChunk_InvalidGzip_NotesErrorAndKeepsFraming()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(Request)
            .Receive(Message(["HTTP/1.1 200 OK", "Content-Encoding: gzip", "Content-Length: 12"], "not gzip at all"u8.ToArray()[..12]))
            .Send(Request).Receive(JsonOk("{}"));

        Assert.Equal(DecodeErrors.InvalidGzip, harness.Sink.Exchanges[0].ResponseBody!.DecodeError);
        Assert.Equal("{}", Encoding.UTF8.GetString(harness.Sink.Exchanges[1].ResponseBody!.Content.Span));
    }

    [Fact]
    public void OnChunk_UnsupportedEncoding_KeepsBodyAsItCame()
    {
        using var harness = new StageHarness();
        harness.Connection.Open().Send(Request).Receive(Message(["HTTP/1.1 200 OK", "Content-Encoding: zstd", "Content-Length: 4"], [1, 2, 3, 4]));

        var body = harness.Single.ResponseBody!;
        Assert.Equal((DecodeErrors.UnsupportedEncoding, false), (body.DecodeError, body.Truncated));
        Assert.Equal([1, 2, 3, 4], body.Content.ToArray());
    }

    [Fact]
    public void OnChunk_GzipRequestBody_DecodedBeforeTheSinkSeesIt()
    {
        var json = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini"}""");
        var gz = Gzip(json);
        using var harness = new StageHarness();

        harness.Connection.Open()
            .Send(Message(["POST /v1/responses HTTP/1.1", "Host: api.openai.com", "Content-Encoding: gzip", $"Content-Length: {gz.Length}"], gz))
            .Receive(JsonOk("{}"));

        Assert.Equal(json, harness.Single.RequestBody.Content.ToArray());
    }
}
