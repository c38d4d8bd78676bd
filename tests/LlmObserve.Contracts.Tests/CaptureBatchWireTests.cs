using System.Text.Json;
using System.Text.Json.Nodes;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Contracts.Tests;

/// <summary>
/// The wire format is a promise to every collector already deployed: a v1 batch, exactly as a v1
/// collector writes it (Fixtures/capture-batch-v1.json), must keep reading the same. The fixture
/// only ever gains optional members added within v1 (<c>llm</c>); its second exchange, and the
/// first with those members taken out, stay as the oldest v1 collector writes them.
/// </summary>
public sealed class CaptureBatchWireTests
{
    private static readonly string GoldenV1 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "capture-batch-v1.json"));

    private static CaptureBatch Read(string json) => JsonSerializer.Deserialize(json, CaptureJson.Default.CaptureBatch)!;

    [Fact]
    public void Deserialize_V1GoldenBatch_ReadsEveryField()
    {
        var batch = Read(GoldenV1);

        Assert.Equal(1, batch.SchemaVersion);
        Assert.Equal(2, batch.Exchanges.Count);
        var tls = batch.Exchanges[0];
        Assert.Equal(Guid.Parse("0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81"), tls.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 15, 4, TimeSpan.Zero).AddTicks(1234560), tls.CapturedAt);
        Assert.Equal(CaptureSource.OpenSslUprobe, tls.Source);
        Assert.Equal(("support", "support-bot-6b7c9d-x2k4q", "3f1c2b7d9a0e", 31337), (tls.Workload.Namespace, tls.Workload.Pod, tls.Workload.ContainerId, tls.Workload.Pid));
        Assert.Equal("api.openai.com", tls.Connection!.ServerName);
        Assert.Equal(443, tls.Connection.RemotePort);
        Assert.Equal("POST", tls.Request.Method);
        Assert.Equal(new HttpHeader("authorization", "Bearer [REDACTED fp=9c1e]"), tls.Request.Headers[1]);
        Assert.True(tls.Streamed);
        Assert.True(tls.Response!.BodyTruncated);
        Assert.Equal((1048577L, 512L), (tls.Response.BodySize!.Value, tls.Response.LostBytes));
        Assert.Equal(new LlmCall { Provider = LlmProviders.OpenAi, Endpoint = LlmEndpoints.ChatCompletions, Model = "gpt-4o" }, tls.Llm);

        var plaintext = batch.Exchanges[1];
        Assert.Equal(CaptureSource.PlaintextSocket, plaintext.Source);
        Assert.Equal(BodyEncoding.Base64, plaintext.Request.BodyEncoding);
        Assert.Empty(plaintext.Request.Headers);
        Assert.Null(plaintext.Response);
        Assert.Null(plaintext.Connection);
        Assert.Null(plaintext.Llm); // written before collectors recognized calls
    }

    [Fact]
    public void Deserialize_V1ExchangeFromBeforeLlm_ReadsTheSameWithLlmNull()
    {
        var withLlm = Read(GoldenV1).Exchanges[0];
        var old = JsonNode.Parse(GoldenV1)!;
        Assert.True(old["exchanges"]![0]!.AsObject().Remove("llm"));

        var withoutLlm = Read(old.ToJsonString()).Exchanges[0];

        Assert.Null(withoutLlm.Llm);
        Assert.Equal(Serialize(withLlm with { Llm = null }), Serialize(withoutLlm));
    }

    [Fact]
    public void Deserialize_LlmWithoutModel_ModelIsNull()
    {
        var batch = Read("""
            {"schemaVersion":1,"exchanges":[{"id":"0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81","capturedAt":"2026-11-02T09:15:04Z",
             "source":"openssl_uprobe","workload":{"node":"n"},"request":{"method":"GET","path":"/v1/models"},
             "llm":{"provider":"openai","endpoint":"other"}}]}
            """);

        Assert.Equal(new LlmCall { Provider = LlmProviders.OpenAi, Endpoint = LlmEndpoints.Other }, batch.Exchanges[0].Llm);
    }

    [Fact]
    public void Deserialize_LlmWithoutProvider_FailsNamingIt()
    {
        var e = Assert.Throws<JsonException>(() => Read("""
            {"schemaVersion":1,"exchanges":[{"id":"0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81","capturedAt":"2026-11-02T09:15:04Z",
             "source":"openssl_uprobe","workload":{"node":"n"},"request":{"method":"GET","path":"/"},"llm":{"endpoint":"other"}}]}
            """));

        Assert.Contains("'provider'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MembersFromANewerCollector_AreIgnored()
    {
        var batch = Read("""
            {"schemaVersion":1,"futureBatchField":{"x":1},"exchanges":[{"id":"0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81",
             "capturedAt":"2026-11-02T09:15:04Z","source":"openssl_uprobe","http2StreamId":7,
             "workload":{"node":"n","pid":1,"cgroupV3":"x"},"request":{"method":"GET","path":"/v1/models","priority":"u=1"}}]}
            """);

        Assert.Equal("/v1/models", Assert.Single(batch.Exchanges).Request.Path);
    }

    [Fact]
    public void Deserialize_MissingRequiredMember_FailsNamingIt()
    {
        var e = Assert.Throws<JsonException>(() => Read("""
            {"schemaVersion":1,"exchanges":[{"capturedAt":"2026-11-02T09:15:04Z","source":"openssl_uprobe",
             "workload":{"node":"n"},"request":{"method":"GET","path":"/"}}]}
            """));

        Assert.Contains("'id'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NullForANonNullableMember_Fails()
    {
        var e = Assert.Throws<JsonException>(() => Read("""
            {"schemaVersion":1,"exchanges":[{"id":"0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81","capturedAt":"2026-11-02T09:15:04Z",
             "source":"openssl_uprobe","workload":{"node":null},"request":{"method":"GET","path":"/"}}]}
            """));

        Assert.Contains("node", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CaptureSource.OpenSslUprobe, "\"openssl_uprobe\"")]
    [InlineData(CaptureSource.PlaintextSocket, "\"plaintext_socket\"")]
    public void Serialize_CaptureSource_UsesSnakeCaseName(CaptureSource source, string expected) =>
        Assert.Equal(expected, JsonSerializer.Serialize(source, CaptureJson.Default.CaptureSource));

    [Fact]
    public void Serialize_ThenDeserialize_RoundTrips()
    {
        var original = Read(GoldenV1);

        var again = Read(JsonSerializer.Serialize(original, CaptureJson.Default.CaptureBatch));

        Assert.Equal(JsonSerializer.Serialize(original, CaptureJson.Default.CaptureBatch), JsonSerializer.Serialize(again, CaptureJson.Default.CaptureBatch));
        Assert.Equal(original.Exchanges[0].Request.Body, again.Exchanges[0].Request.Body);
        Assert.Equal(original.Exchanges[0].Llm, again.Exchanges[0].Llm);
    }

    private static string Serialize(CapturedExchange exchange) =>
        JsonSerializer.Serialize(Read(GoldenV1) with { Exchanges = [exchange] }, CaptureJson.Default.CaptureBatch);
}
