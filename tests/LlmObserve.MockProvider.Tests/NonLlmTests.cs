using System.Net;
using System.Text.Json;
using LlmObserve.MockProvider.Clients;

namespace LlmObserve.MockProvider.Tests;

/// <summary>Ordinary web traffic shares the ports; LLM paths answer only on their provider's port.</summary>
public sealed class NonLlmTests(MockProviderFixture mock)
{
    [Theory]
    [InlineData(MockApi.OpenAiChat)]
    [InlineData(MockApi.AnthropicMessages)]
    [InlineData(MockApi.OllamaChat)]
    [InlineData(MockApi.VllmChat)]
    public async Task Curl_NonLlmEndpoints_ServedOnEveryPort(MockApi port)
    {
        var ct = TestContext.Current.CancellationToken;
        var baseUri = mock.Server.BaseUri(port);

        var page = await mock.Clients.CurlRequestAsync(HttpMethod.Get, new Uri(baseUri, "/static/page.html"), cancellationToken: ct);
        var order = await mock.Clients.CurlRequestAsync(HttpMethod.Post, new Uri(baseUri, "/api/orders"), """{"sku":"B-7","quantity":3}""", cancellationToken: ct);

        Assert.Contains("<h1>Order status</h1>", page.Text, StringComparison.Ordinal);
        using var receipt = JsonDocument.Parse(order.Text);
        Assert.Equal("B-7", receipt.RootElement.GetProperty("order").GetProperty("sku").GetString());
    }

    [Theory]
    [InlineData(MockApi.AnthropicMessages, "/v1/chat/completions")]
    [InlineData(MockApi.OpenAiChat, "/v1/messages")]
    [InlineData(MockApi.VllmChat, "/v1/responses")]
    [InlineData(MockApi.OllamaChat, "/v1/chat/completions")]
    public async Task LlmPath_OnAnotherProvidersPort_IsNotFound(MockApi port, string path)
    {
        using var http = mock.Server.CreateHttpClient(port);
        using var content = new StringContent("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false}""");

        using var response = await http.PostAsync(path, content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LlmRequest_MalformedBody_IsBadRequest()
    {
        using var http = mock.Server.CreateHttpClient(MockApi.OpenAiChat);
        using var content = new StringContent("{not json");

        using var response = await http.PostAsync(MockApi.OpenAiChat.Path(), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
