using System.Security.Cryptography;
using System.Text;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;
using LlmObserve.MockProvider.Replies;

namespace LlmObserve.Collector.Tests.Capture;

/// <summary>What the capture promises beyond "it sees the call": secrets, scope, size, restarts.</summary>
[Collection(CaptureGroup.Name)]
public sealed class CaptureGuaranteesTests(CaptureFixture fixture)
{
    private readonly CaptureFixture _f = fixture.Require();

    [Fact]
    public async Task ClientCredentials_AreNeverStored_TheirFingerprintsAre()
    {
        var marker = Markers.New();
        var openAiKey = "sk-proj-" + Markers.New() + Markers.New();
        var anthropicKey = "sk-ant-api03-" + Markers.New() + Markers.New();
        await _f.Clients.RunAsync(LlmClientKind.Curl, MockApi.OpenAiChat, new ClientRequest(openAiKey, $"hello {marker}"), TestContext.Current.CancellationToken);
        await _f.Clients.RunAsync(LlmClientKind.NodeAnthropic, MockApi.AnthropicMessages, new ClientRequest(anthropicKey, $"hello {marker}"), TestContext.Current.CancellationToken);
        await _f.Clients.CurlRequestAsync(HttpMethod.Post, new Uri(_f.Mock.EndpointUri(MockApi.OpenAiChat) + "?api_key=" + openAiKey), ClientWire.RequestBody(MockApi.OpenAiChat, "gpt-4o-mini", $"query key {marker}", stream: false), [new("Cookie", "session=" + anthropicKey)], cancellationToken: TestContext.Current.CancellationToken);

        var stored = await _f.WaitForExchangesAsync(marker, 5);

        Assert.Contains(_f.Mock.Requests, r => r.ApiKey == openAiKey); // the clients really sent them
        var everything = new StringBuilder();
        foreach (var exchange in stored)
        {
            everything.Append(await _f.GetRawAsync($"/api/v1/exchanges/{exchange.Summary.Id}"));
        }

        foreach (var file in Directory.EnumerateFiles(_f.Collector.StateDirectory, "*", SearchOption.AllDirectories))
        {
            everything.Append(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        }

        var text = everything.ToString();
        Assert.DoesNotContain(openAiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(anthropicKey, text, StringComparison.Ordinal);
        Assert.Contains(Fingerprint(openAiKey), text, StringComparison.Ordinal);
        Assert.Contains(Fingerprint(anthropicKey), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsTrafficThatIsNotLlm_IsNotShipped()
    {
        var marker = Markers.New();
        // The Anthropic port is not a configured LLM host: only its LLM-shaped requests count.
        var page = new Uri(new Uri(_f.Mock.BaseUri(MockApi.AnthropicMessages), "/static/page.html") + "?m=" + marker);
        await _f.Clients.CurlRequestAsync(HttpMethod.Get, page, cancellationToken: TestContext.Current.CancellationToken);
        await _f.Clients.CurlRequestAsync(HttpMethod.Post, new Uri(_f.Mock.BaseUri(MockApi.AnthropicMessages), "/api/orders"), $$"""{"order":"{{marker}}","qty":2}""", cancellationToken: TestContext.Current.CancellationToken);

        // An LLM call made after them is stored, so they had every chance to be shipped first.
        var after = Markers.New();
        await _f.Clients.RunAsync(LlmClientKind.Curl, MockApi.OpenAiChat, new ClientRequest("sk-x", after), TestContext.Current.CancellationToken);
        await _f.WaitForExchangesAsync(after, 2);

        Assert.Equal(0, await _f.CountAsync(marker));
        Assert.DoesNotContain(await _f.AllSummariesAsync(), e => e.Path.Contains(marker, StringComparison.Ordinal) || e.Path.StartsWith("/static", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GzipChunkedResponseOfOneMebibyte_IsStoredByteExactAfterDecoding()
    {
        var marker = Markers.New();
        const int contentBytes = 1_040_000;
        var expected = MockReplies.ExpectedLargeBody("gpt-4o-mini", contentBytes);
        Assert.InRange(expected.Length, 1_000_000, 1 << 20);

        await LargeCallAsync(marker, contentBytes);

        var exchange = Assert.Single(await _f.WaitForExchangesAsync(marker, 1));
        Assert.NotNull(exchange.Response);
        Assert.Contains(exchange.Response.Headers, h => h.Name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value == "gzip");
        Assert.Contains(exchange.Response.Headers, h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value == "chunked");
        Assert.False(exchange.Response.BodyTruncated);
        Assert.Equal(expected.Length, exchange.Response.BodySize);
        Assert.Equal(Encoding.UTF8.GetString(expected), exchange.Response.Body);
    }

    [Fact]
    public async Task ResponseOverTheBodyCap_IsStoredTruncatedAndMarked()
    {
        var marker = Markers.New();
        const int contentBytes = 1_600_000;
        var expected = MockReplies.ExpectedLargeBody("gpt-4o-mini", contentBytes);

        await LargeCallAsync(marker, contentBytes);

        var exchange = Assert.Single(await _f.WaitForExchangesAsync(marker, 1));
        Assert.NotNull(exchange.Response);
        Assert.True(exchange.Response.BodyTruncated);
        Assert.Equal(expected.Length, exchange.Response.BodySize);
        Assert.Equal(1 << 20, Encoding.UTF8.GetByteCount(exchange.Response.Body!));
        Assert.StartsWith(Encoding.UTF8.GetString(expected, 0, 4096), exchange.Response.Body, StringComparison.Ordinal);
    }

    private Task<ClientCall> LargeCallAsync(string marker, int contentBytes) =>
        _f.Clients.CurlRequestAsync(
            HttpMethod.Post,
            _f.Mock.EndpointUri(MockApi.OpenAiChat),
            ClientWire.RequestBody(MockApi.OpenAiChat, "gpt-4o-mini", $"big answer {marker}", stream: false),
            [new("Authorization", "Bearer sk-large"), new(ResponseMode.GzipHeader, "1"), new(ResponseMode.ChunkedHeader, "1"), new(ResponseMode.ResponseBytesHeader, contentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The collector's fingerprint of a credential: the first 16 hex digits of its SHA-256.</summary>
    internal static string Fingerprint(string value) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
