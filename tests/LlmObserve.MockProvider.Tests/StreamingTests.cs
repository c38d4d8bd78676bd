using System.IO.Compression;
using System.Text;
using LlmObserve.MockProvider.Clients;
using LlmObserve.MockProvider.Replies;

namespace LlmObserve.MockProvider.Tests;

/// <summary>Streamed answers arrive in several reads, and the first read already holds a token.</summary>
public sealed class StreamingTests(MockProviderFixture mock)
{
    [Theory]
    [InlineData(MockApi.OpenAiChat, "data: ")]
    [InlineData(MockApi.OpenAiResponses, "event: response.created")]
    [InlineData(MockApi.AnthropicMessages, "event: message_start")]
    [InlineData(MockApi.OllamaChat, "{\"model\"")]
    [InlineData(MockApi.VllmChat, "data: ")]
    public async Task StreamedResponse_AnyApi_ArrivesInSeveralReadsStartingWithAToken(MockApi api, string opening)
    {
        var prompt = "Name three rivers";
        using var http = mock.Server.CreateHttpClient(api);
        using var request = new HttpRequestMessage(HttpMethod.Post, api.Path())
        {
            Content = new StringContent(ClientWire.RequestBody(api, api.DefaultModel(), prompt, stream: true), Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var reads = await ReadAllAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));

        Assert.Null(response.Content.Headers.ContentLength);
        Assert.True(reads.Count >= 5, $"{reads.Count} reads");
        Assert.StartsWith(opening, reads[0], StringComparison.Ordinal);
        Assert.StartsWith("Mock", ClientWire.StreamedText(api, reads[0]), StringComparison.Ordinal); // later pieces may join it on a busy machine
        Assert.Equal(MockReplies.ReplyTo(prompt), ClientWire.StreamedText(api, string.Concat(reads)));
    }

    [Fact]
    public async Task StreamedResponse_Gzip_InflatesToTheSameEvents()
    {
        using var http = mock.Server.CreateHttpClient(MockApi.AnthropicMessages);
        using var request = new HttpRequestMessage(HttpMethod.Post, MockApi.AnthropicMessages.Path())
        {
            Content = new StringContent(ClientWire.RequestBody(MockApi.AnthropicMessages, "claude-haiku-4-5", "Compress me", stream: true), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ResponseMode.GzipHeader, "1");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        await using var gunzip = new GZipStream(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), CompressionMode.Decompress);
        using var reader = new StreamReader(gunzip, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Equal(MockReplies.ReplyTo("Compress me"), ClientWire.StreamedText(MockApi.AnthropicMessages, body));
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", body, StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadAllAsync(Stream stream)
    {
        // The mock pauses between pieces, so each read here returns what one flush sent.
        var reads = new List<string>();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            reads.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return reads;
    }
}
