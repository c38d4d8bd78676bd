using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LlmObserve.Collector.Pipeline.Exchanges;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Llm;
using LlmObserve.Collector.Pipeline.Redaction;
using LlmObserve.Collector.Pipeline.Tests.Support;
using LlmObserve.Contracts.Capture;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Exchanges;

/// <summary>The whole pipeline, HTTP bytes in, wire exchanges out.</summary>
public sealed class LlmExchangeSinkTests
{
    private const string ApiKey = "sk-proj-SECRETSECRETSECRET0001";
    private const string GoogleKey = "AIzaSyQUERYSECRET0002";
    private const string SessionCookie = "session=COOKIESECRET0003";
    private const string ServerCookie = "__cf_bm=SETCOOKIESECRET0004";

    private readonly List<CapturedExchange> _output = [];
    private readonly RecordingControl _control = new();

    [Fact]
    public void Completed_LlmExchangeWithCredentials_NoCredentialSurvivesInTheWireJson()
    {
        using var stage = Stage();
        const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"my key is sk-1"}]}""";
        var request = Message(
            ["POST /v1/chat/completions?key=" + GoogleKey + "&trace=1 HTTP/1.1", "Host: api.openai.com", $"Authorization: Bearer {ApiKey}", $"x-api-key: {ApiKey}",
             $"Cookie: {SessionCookie}", "OpenAI-Project-Token: PROJECTSECRET0005", "Content-Type: application/json", $"Content-Length: {Body.Length}"],
            Body);
        var response = JsonOk("""{"choices":[]}""", $"Set-Cookie: {ServerCookie}");

        new ConnectionFeeder(stage).Open(new CapturedConnection { RemotePort = 443, ServerName = "api.openai.com" }).Send(request).Receive(response);

        var json = JsonSerializer.Serialize(new CaptureBatch { SchemaVersion = 1, Exchanges = _output }, CaptureJson.Default.CaptureBatch);
        foreach (var secret in new[] { "SECRETSECRETSECRET0001", "QUERYSECRET0002", "COOKIESECRET0003", "SETCOOKIESECRET0004", "PROJECTSECRET0005" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }

        Assert.Contains($"Bearer [redacted sha256:{CredentialFingerprint.Of(ApiKey)}]", json, StringComparison.Ordinal);
        Assert.Contains("my key is sk-1", json, StringComparison.Ordinal); // bodies are not redacted: the backend looks for secrets there
        var exchange = Assert.Single(_output);
        Assert.Equal($"/v1/chat/completions?key=[redacted sha256:{CredentialFingerprint.Of(GoogleKey)}]&trace=1", exchange.Request.Path);
    }

    [Fact]
    public void Completed_StreamedExchange_FillsEveryWireField()
    {
        using var drops = DropRecorder.Start();
        using var stage = Stage();
        var addresses = new CapturedConnection { LocalAddress = "10.1.0.7", LocalPort = 50000, RemoteAddress = "162.159.140.245", RemotePort = 443, ServerName = "api.anthropic.com" };
        var feeder = new ConnectionFeeder(stage, connectionId: 9, pid: 31337).Open(addresses);

        feeder.Send(JsonPost("/v1/messages", "api.anthropic.com", """{"model":"claude-sonnet-4-5","stream":true}"""))
            .Receive(Message(["HTTP/1.1 200 OK", "Content-Type: text/event-stream", "Content-Length: 22"], "event: x\ndata: {}\n\n..."[..22]));

        var exchange = Assert.Single(_output);
        Assert.Equal(7, exchange.Id.Version);
        Assert.Equal((ConnectionFeeder.Epoch, ConnectionFeeder.Epoch.AddMilliseconds(1)), (exchange.CapturedAt, exchange.CompletedAt));
        Assert.Equal((CaptureSource.OpenSslUprobe, "node-a", 31337, "python3"), (exchange.Source, exchange.Workload.Node, exchange.Workload.Pid, exchange.Workload.Command));
        Assert.Same(addresses, exchange.Connection);
        Assert.Equal(("POST", "/v1/messages", "api.anthropic.com"), (exchange.Request.Method, exchange.Request.Path, exchange.Request.Host));
        Assert.Equal(("""{"model":"claude-sonnet-4-5","stream":true}""", BodyEncoding.Utf8, 43L), (exchange.Request.Body, exchange.Request.BodyEncoding, exchange.Request.BodySize));
        Assert.Equal((200, "event: x\ndata: {}\n\n...", false, 0L), (exchange.Response!.StatusCode, exchange.Response.Body, exchange.Response.BodyTruncated, exchange.Response.LostBytes));
        Assert.True(exchange.Streamed);
        Assert.Equal((LlmProviders.Anthropic, LlmEndpoints.Messages, "claude-sonnet-4-5"), (exchange.Llm!.Provider, exchange.Llm.Endpoint, exchange.Llm.Model));
        Assert.Equal(1, drops.Processed(DropReasons.LlmStage, "exchanges"));
    }

    [Fact]
    public void Completed_BinaryAndCutBodies_Base64OrTextWithoutTheCutCharacter()
    {
        using var stage = Stage(new HttpStageOptions { MaxBodyBytes = 20 });
        var binary = new byte[] { 0xFF, 0xFE, 0x00, 0x01 };

        new ConnectionFeeder(stage).Open()
            .Send(JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"m","x":"ééééééééééé"}"""))
            .Receive(Message(["HTTP/1.1 200 OK", "Content-Length: 4"], binary));

        var exchange = Assert.Single(_output);
        Assert.Equal(("""{"model":"m","x":"é""", BodyEncoding.Utf8, true), (exchange.Request.Body, exchange.Request.BodyEncoding, exchange.Request.BodyTruncated));
        Assert.Equal((Convert.ToBase64String(binary), BodyEncoding.Base64), (exchange.Response!.Body, exchange.Response.BodyEncoding));
    }

    [Fact]
    public void IsWanted_NotAnLlmCall_ConnectionMutedAndNothingShipped()
    {
        using var drops = DropRecorder.Start();
        using var stage = Stage();

        new ConnectionFeeder(stage, connectionId: 5).Open().Send(Message(["GET /healthz HTTP/1.1", "Host: example.com"])).Receive(JsonOk("{}"));

        Assert.Empty(_output);
        Assert.Equal([5UL], _control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.HttpStage, DropReasons.NotLlm));
    }

    [Fact]
    public void Completed_ChannelFull_DropsAndCounts()
    {
        using var drops = DropRecorder.Start();
        var channel = Channel.CreateBounded<CapturedExchange>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait });
        var sink = new LlmExchangeSink(new LlmRecognizer(new LlmRecognizerOptions()), new FixedWorkloads(), channel.Writer);
        using var stage = new HttpStage(new HttpStageOptions(), sink, _control);

        var feeder = new ConnectionFeeder(stage).Open();
        for (var i = 0; i < 3; i++)
        {
            feeder.Send(JsonPost("/v1/embeddings", "api.openai.com", """{"model":"e"}""")).Receive(JsonOk("{}"));
        }

        Assert.True(channel.Reader.TryRead(out var first));
        Assert.Equal("e", first.Llm!.Model);
        Assert.Equal(2, drops.Dropped(DropReasons.LlmStage, DropReasons.ChannelFull));
    }

    [Fact]
    public void Completed_WorkloadResolverThrows_DropsThatExchangeOnly()
    {
        using var drops = DropRecorder.Start();
        var sink = new LlmExchangeSink(new LlmRecognizer(new LlmRecognizerOptions()), new FixedWorkloads { Throw = true }, _output.Add);
        using var stage = new HttpStage(new HttpStageOptions(), sink, _control);

        new ConnectionFeeder(stage).Open().Send(JsonPost("/v1/embeddings", "api.openai.com", "{}")).Receive(JsonOk("{}"));

        Assert.Empty(_output);
        Assert.Empty(_control.Muted);
        Assert.Equal(1, drops.Dropped(DropReasons.LlmStage, DropReasons.BuildFailed));
    }

    private HttpStage Stage(HttpStageOptions? options = null) =>
        new(options ?? new HttpStageOptions(), new LlmExchangeSink(new LlmRecognizer(new LlmRecognizerOptions()), new FixedWorkloads(), _output.Add), _control);

    private sealed class FixedWorkloads : IWorkloadResolver
    {
        public bool Throw { get; init; }

        public WorkloadIdentity Resolve(int pid) => Throw
            ? throw new IOException("/proc/" + pid + " is gone")
            : new WorkloadIdentity { Node = "node-a", Pid = pid, Command = "python3", Pod = "chat-7d9", Namespace = "apps" };
    }
}
