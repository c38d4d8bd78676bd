using LlmObserve.MockProvider.Clients;
using LlmObserve.MockProvider.Replies;

namespace LlmObserve.MockProvider.Tests;

/// <summary>Ollama and vLLM run without TLS in practice; the mock serves them on plain HTTP ports.</summary>
public sealed class PlainHttpTests(MockProviderFixture mock)
{
    [Theory]
    [InlineData(LlmClientKind.Curl, MockApi.OllamaChat)]
    [InlineData(LlmClientKind.Python, MockApi.OllamaChat)]
    [InlineData(LlmClientKind.Curl, MockApi.VllmChat)]
    [InlineData(LlmClientKind.Python, MockApi.VllmChat)]
    [InlineData(LlmClientKind.NodeOpenAi, MockApi.VllmChat)]
    public async Task Client_OverPlainHttp_ReceivesReplyInBothModes(LlmClientKind client, MockApi api)
    {
        var prompt = MockProviderFixture.UniquePrompt($"Explain the build failure to {client} via {api}");

        var run = await mock.Clients.RunAsync(client, api, new ClientRequest("local-key", prompt), TestContext.Current.CancellationToken);

        Assert.Equal(MockReplies.ReplyTo(prompt), run.NonStreamed.Text);
        Assert.Equal(MockReplies.ReplyTo(prompt), run.Streamed.Text);
        var requests = mock.RequestsWith(prompt);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(api == MockApi.OllamaChat ? MockProviderServer.Ollama : MockProviderServer.Vllm, r.Provider));
    }

    [Fact]
    public async Task OllamaChat_StreamFieldAbsent_StreamsNdjson()
    {
        using var http = mock.Server.CreateHttpClient(MockApi.OllamaChat);
        using var content = new StringContent("""{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(MockApi.OllamaChat.Path(), content, TestContext.Current.CancellationToken);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(MockReplies.ReplyTo("hi"), ClientWire.StreamedText(MockApi.OllamaChat, body));
        Assert.Contains("\"done\":true", body.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }
}
