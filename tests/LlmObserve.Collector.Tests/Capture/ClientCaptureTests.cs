using LlmObserve.Contracts.Capture;
using LlmObserve.IngestApi.Apis;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;

namespace LlmObserve.Collector.Tests.Capture;

/// <summary>Real clients, each a non-streamed and a streamed call, captured by eBPF and read back through the REST API.</summary>
[Collection(CaptureGroup.Name)]
public sealed class ClientCaptureTests(CaptureFixture fixture)
{
    private readonly CaptureFixture _f = fixture.Require();

    public static TheoryData<LlmClientKind, MockApi, string> Clients() => new()
    {
        { LlmClientKind.Curl, MockApi.OpenAiChat, LlmProviders.OpenAi },
        { LlmClientKind.Python, MockApi.OpenAiChat, LlmProviders.OpenAi },
        { LlmClientKind.NodeOpenAi, MockApi.OpenAiChat, LlmProviders.OpenAi },
        { LlmClientKind.NodeOpenAi, MockApi.OpenAiResponses, LlmProviders.OpenAi },
        { LlmClientKind.NodeAnthropic, MockApi.AnthropicMessages, LlmProviders.Anthropic },
        { LlmClientKind.DotNetOpenAi, MockApi.OpenAiChat, LlmProviders.OpenAi },
        { LlmClientKind.Curl, MockApi.OllamaChat, LlmProviders.Ollama },
        { LlmClientKind.Python, MockApi.OllamaChat, LlmProviders.Ollama },
        { LlmClientKind.Python, MockApi.VllmChat, LlmProviders.Vllm },
        { LlmClientKind.NodeOpenAi, MockApi.VllmChat, LlmProviders.Vllm },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Client_NonStreamedAndStreamedCalls_AreStoredWithProviderModelPromptResponseAndProcess(LlmClientKind client, MockApi api, string provider)
    {
        var marker = Markers.New();
        var request = new ClientRequest("sk-test-" + Markers.New(), $"Tell me about {marker} please");
        var run = await _f.Clients.RunAsync(client, api, request, TestContext.Current.CancellationToken);

        var stored = await _f.WaitForExchangesAsync(marker, 2);

        Assert.Equal(2, stored.Count);
        foreach (var call in run.Calls)
        {
            var exchange = Assert.Single(stored, e => e.Summary.Streamed == call.Streamed);
            Assert.NotNull(exchange.Response);
            Assert.Equal(0, exchange.Response.LostBytes);
            Assert.Equal(provider, exchange.Summary.Llm?.Provider);
            Assert.Equal(api.DefaultModel(), exchange.Summary.Llm?.Model);
            Assert.Contains(request.Prompt, exchange.Request.Body, StringComparison.Ordinal);
            Assert.Equal(call.Text, ResponseText(api, exchange));
            Assert.StartsWith("Mock reply to:", call.Text, StringComparison.Ordinal); // the first token is there
            Assert.Equal(call.Pid, exchange.Summary.Workload.Pid);
            Assert.Equal(run.RealExecutablePath, exchange.Summary.Workload.Executable);
            Assert.Equal(api.IsHttps() ? "openssl_uprobe" : "plaintext_socket", exchange.Summary.Source);
        }
    }

    internal static string ResponseText(MockApi api, StoredExchange exchange)
    {
        Assert.NotNull(exchange.Response);

        // A streaming client may close after the last event without reading the chunked terminator
        // (Python's http.client does): the end was never seen, so the body is flagged, but no byte is missing.
        Assert.True(exchange.Summary.Streamed || !exchange.Response.BodyTruncated, "a non-streamed response was truncated");
        return exchange.Summary.Streamed
            ? ClientWire.StreamedText(api, exchange.Response.Body!)
            : ClientWire.WholeText(api, exchange.Response.Body!);
    }
}
