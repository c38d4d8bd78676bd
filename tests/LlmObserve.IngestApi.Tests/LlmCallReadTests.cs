using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Administration;
using LlmObserve.Contracts.Capture;
using LlmObserve.IngestApi.Apis;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// The LLM call a collector recognized, from POST /ingest/exchanges through the broker and the
/// scanner's store to the read API, as <c>llm: {provider, endpoint, model}</c> or <c>llm: null</c>.
/// </summary>
public sealed class LlmCallReadTests(FullPipelineFixture fixture) : IClassFixture<FullPipelineFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task PostedExchanges_WithAndWithoutLlm_ComeBackFromListAndGetAsPosted()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var recognized = SampleExchanges.ChatCompletion("hi") with { Llm = new() { Provider = LlmProviders.Anthropic, Endpoint = LlmEndpoints.Messages, Model = "claude-sonnet-4-5" } };
        var older = SampleExchanges.ChatCompletion("hello") with { Llm = null };

        await PostAndAwaitStoredAsync(tenant, recognized, older);
        var page = await GetJsonAsync(tenant.ApiKey, "/api/v1/exchanges");
        var listed = page.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetGuid());
        var recognizedDetail = await GetJsonAsync(tenant.ApiKey, $"/api/v1/exchanges/{recognized.Id}");
        var olderDetail = await GetJsonAsync(tenant.ApiKey, $"/api/v1/exchanges/{older.Id}");

        foreach (var summary in new[] { listed[recognized.Id], recognizedDetail.GetProperty("summary") })
        {
            var llm = summary.GetProperty("llm");
            Assert.Equal(("anthropic", "messages", "claude-sonnet-4-5"),
                (llm.GetProperty("provider").GetString(), llm.GetProperty("endpoint").GetString(), llm.GetProperty("model").GetString()));
        }

        foreach (var summary in new[] { listed[older.Id], olderDetail.GetProperty("summary") })
        {
            Assert.Equal(JsonValueKind.Null, summary.GetProperty("llm").ValueKind);
        }
    }

    [Fact]
    public async Task ListExchanges_ProviderAndModelFilters_ReturnOnlyMatchingCalls()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var openAi = SampleExchanges.ChatCompletion("a");
        var anthropic = SampleExchanges.ChatCompletion("b") with { Llm = new() { Provider = LlmProviders.Anthropic, Endpoint = LlmEndpoints.Messages, Model = "claude-haiku-4-5" } };
        var older = SampleExchanges.ChatCompletion("c") with { Llm = null };
        await PostAndAwaitStoredAsync(tenant, openAi, anthropic, older);

        Assert.Equal([openAi.Id], await ListIdsAsync(tenant, "?provider=openai"));
        Assert.Equal([anthropic.Id], await ListIdsAsync(tenant, "?model=claude-haiku-4-5"));
        Assert.Equal([openAi.Id], await ListIdsAsync(tenant, "?provider=openai&model=gpt-4o-mini"));
        Assert.Empty(await ListIdsAsync(tenant, "?provider=openai&model=claude-haiku-4-5"));
        Assert.Equal(new[] { openAi.Id, anthropic.Id, older.Id }.Order(), (await ListIdsAsync(tenant, "")).Order());
    }

    [Fact]
    public async Task ListExchanges_NulInAFilter_400()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);

        using var response = await SendAsync(tenant.ApiKey, "/api/v1/exchanges?model=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task PostAndAwaitStoredAsync(TestTenant tenant, params CapturedExchange[] exchanges)
    {
        var node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "node-1");
        using var accepted = await _f.Collector.PostBatchAsync(SampleExchanges.Batch(exchanges), node.NodeCredential);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.UntilAsync(
            async () => await _f.Database.CountAsync($"SELECT count(*) FROM exchanges WHERE node_id = '{node.NodeId}'") == exchanges.Length,
            TimeSpan.FromSeconds(30), "the batch to be stored");
    }

    private async Task<List<Guid>> ListIdsAsync(TestTenant tenant, string query)
    {
        using var response = await SendAsync(tenant.ApiKey, $"/api/v1/exchanges{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<Page<ExchangeSummary>>(Web, TestContext.Current.CancellationToken);
        return [.. page!.Items.Select(e => e.Id)];
    }

    private async Task<JsonElement> GetJsonAsync(string apiKey, string path)
    {
        using var response = await SendAsync(apiKey, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> SendAsync(string apiKey, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
