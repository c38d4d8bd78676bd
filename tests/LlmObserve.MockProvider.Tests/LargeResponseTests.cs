using System.IO.Compression;
using System.Text;
using LlmObserve.MockProvider.Clients;
using LlmObserve.MockProvider.Replies;

namespace LlmObserve.MockProvider.Tests;

/// <summary>The x-mock-response-bytes answer: big, barely compressible, and byte-exact after decoding.</summary>
public sealed class LargeResponseTests(MockProviderFixture mock)
{
    private const int OneMebibyte = 1024 * 1024;

    [Theory]
    [InlineData(MockApi.OpenAiChat)]
    [InlineData(MockApi.AnthropicMessages)]
    [InlineData(MockApi.OllamaChat)]
    public async Task LargeResponse_GzipAndChunked_DecodesByteExact(MockApi api)
    {
        using var http = mock.Server.CreateHttpClient(api);
        using var request = Request(api, "gpt-4o-mini", OneMebibyte, gzip: true, chunked: true);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        var wire = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(wire.Length > OneMebibyte / 2, $"1 MiB of content compressed to {wire.Length} bytes; it should stay large on the wire");
        using var gunzip = new GZipStream(new MemoryStream(wire), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await gunzip.CopyToAsync(decoded, TestContext.Current.CancellationToken);
        Assert.Equal(MockReplies.ExpectedLargeBody("gpt-4o-mini", OneMebibyte, api), decoded.ToArray());
    }

    [Fact]
    public async Task LargeResponse_Plain_HasContentLengthAndExactContent()
    {
        using var http = mock.Server.CreateHttpClient(MockApi.OpenAiChat);
        using var request = Request(MockApi.OpenAiChat, "gpt-4.1", 100_000, gzip: false, chunked: false);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(MockReplies.ExpectedLargeBody("gpt-4.1", 100_000), body);
        Assert.Equal(MockReplies.LargeContent(100_000), ClientWire.WholeText(MockApi.OpenAiChat, Encoding.UTF8.GetString(body)));
    }

    [Fact]
    public void LargeContent_AnySize_IsExactAndStable()
    {
        var content = MockReplies.LargeContent(OneMebibyte);

        Assert.Equal(OneMebibyte, Encoding.UTF8.GetByteCount(content));
        Assert.Equal(content, MockReplies.LargeContent(OneMebibyte));
        Assert.StartsWith(MockReplies.LargeContent(1000), content, StringComparison.Ordinal);
        Assert.Empty(MockReplies.LargeContent(0));
    }

    private static HttpRequestMessage Request(MockApi api, string model, int bytes, bool gzip, bool chunked)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, api.Path())
        {
            Content = new StringContent(ClientWire.RequestBody(api, model, "Dump the table", stream: false), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ResponseMode.ResponseBytesHeader, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(ResponseMode.GzipHeader, gzip ? "1" : "0");
        request.Headers.Add(ResponseMode.ChunkedHeader, chunked ? "1" : "0");
        return request;
    }
}
