using LlmObserve.MockProvider.Clients;
using LlmObserve.MockProvider.Replies;

namespace LlmObserve.MockProvider.Tests;

/// <summary>Every real client gets the deterministic reply over real TLS with the test CA, streamed and not, and sends its key.</summary>
public sealed class ClientTests(MockProviderFixture mock)
{
    [Theory]
    [InlineData(MockApi.OpenAiChat)]
    [InlineData(MockApi.OpenAiResponses)]
    [InlineData(MockApi.AnthropicMessages)]
    public Task Curl_OverHttps_ReceivesReplyInBothModes(MockApi api) => AssertClientAsync(LlmClientKind.Curl, api, "/usr/bin/curl");

    [Theory]
    [InlineData(MockApi.OpenAiChat)]
    [InlineData(MockApi.OpenAiResponses)]
    [InlineData(MockApi.AnthropicMessages)]
    public Task Python_OverHttps_ReceivesReplyInBothModes(MockApi api) => AssertClientAsync(LlmClientKind.Python, api, "/usr/bin/python3");

    [Theory]
    [InlineData(MockApi.OpenAiChat)]
    [InlineData(MockApi.OpenAiResponses)]
    public Task NodeOpenAiSdk_OverHttps_ReceivesReplyInBothModes(MockApi api) => AssertClientAsync(LlmClientKind.NodeOpenAi, api, "/usr/bin/node");

    [Fact]
    public Task NodeAnthropicSdk_OverHttps_ReceivesReplyInBothModes() => AssertClientAsync(LlmClientKind.NodeAnthropic, MockApi.AnthropicMessages, "/usr/bin/node");

    [Fact]
    public async Task DotNetOpenAiSdk_OverHttps_ReceivesReplyInBothModes()
    {
        var run = await AssertClientAsync(LlmClientKind.DotNetOpenAi, MockApi.OpenAiChat, executable: null);
        Assert.Equal(Environment.ProcessId, Assert.Single(run.Pids));
    }

    private async Task<ClientRun> AssertClientAsync(LlmClientKind client, MockApi api, string? executable)
    {
        var prompt = MockProviderFixture.UniquePrompt($"Summarise the quarterly report for {client} via {api}");
        var key = $"sk-test-{client}-{Guid.NewGuid():N}";

        var run = await mock.Clients.RunAsync(client, api, new ClientRequest(key, prompt), TestContext.Current.CancellationToken);

        var expected = MockReplies.ReplyTo(prompt);
        Assert.Equal(expected, run.NonStreamed.Text);
        Assert.Equal(expected, run.Streamed.Text);
        if (executable is not null)
        {
            Assert.Equal(executable, run.ExecutablePath);
            Assert.DoesNotContain(Environment.ProcessId, run.Pids);
        }

        var requests = mock.RequestsWith(prompt);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(key, r.ApiKey);
            Assert.Equal(api.Path(), r.Path);
            Assert.Equal(mock.Server.Port(api), r.LocalPort);
        });
        return run;
    }
}
