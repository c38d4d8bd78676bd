using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Messages;
using LlmObserve.Testing;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// Bad input gets its documented status and a message that says what is wrong; nothing of it
/// reaches the broker; the service keeps running. This class has its own virtual host, so the
/// scan queue's depth tells exactly what was published.
/// </summary>
public sealed class IngestRejectionTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    private readonly PipelineFixture _f = fixture.Require();
    private string _credential = "";

    public async ValueTask InitializeAsync()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        _credential = (await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "node-1")).NodeCredential;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Ingest_MalformedJson_400NamingWhereItBroke() =>
        await AssertRejectedAsync(
            () => _f.Collector.PostRawAsync(CollectorClient.Gzip("{\"schemaVersion\":1,\"exchanges\":[{\"id\":"u8.ToArray()), _credential),
            HttpStatusCode.BadRequest, "Invalid JSON", "$.exchanges[0].id");

    [Fact]
    public async Task Ingest_BodyIsNotGzip_400() =>
        await AssertRejectedAsync(
            () => _f.Collector.PostRawAsync("{\"schemaVersion\":1,\"exchanges\":[]}"u8.ToArray(), _credential),
            HttpStatusCode.BadRequest, "Invalid gzip", "not valid gzip");

    [Fact]
    public async Task Ingest_WithoutContentEncodingGzip_415() =>
        await AssertRejectedAsync(
            () => _f.Collector.PostRawAsync("{}"u8.ToArray(), _credential, contentEncoding: ""),
            HttpStatusCode.UnsupportedMediaType, "Unsupported content encoding", "gzip");

    [Fact]
    public async Task Ingest_NotJson_415() =>
        await AssertRejectedAsync(
            () => _f.Collector.PostRawAsync(CollectorClient.Gzip("a,b"u8.ToArray()), _credential, contentType: "text/csv"),
            HttpStatusCode.UnsupportedMediaType, "Unsupported media type", "application/json");

    [Fact]
    public async Task Ingest_50MegabyteBatch_413()
    {
        // A realistic oversized batch: 50 exchanges with 1 MiB prompts (50 MiB of JSON, a few MiB gzipped).
        var prompt = string.Join(' ', Enumerable.Range(0, 180_000).Select(i => $"w{i % 9973}"));
        var batch = SampleExchanges.Batch(Enumerable.Range(0, 50).Select(_ => SampleExchanges.ChatCompletion(prompt)));
        var json = JsonSerializer.SerializeToUtf8Bytes(batch, CaptureJson.Default.CaptureBatch);
        Assert.InRange(json.Length, 50_000_000, 60_000_000);

        // Over the compressed or the decompressed limit, depending on how well it compresses: 413 either way.
        await AssertRejectedAsync(() => _f.Collector.PostRawAsync(CollectorClient.Gzip(json), _credential),
            HttpStatusCode.RequestEntityTooLarge, "Batch too large", "Send smaller batches");
    }

    [Fact]
    public async Task Ingest_CompressedBodyOverTheLimit_413BeforeReadingIt()
    {
        var incompressible = new byte[50 << 20];
        Random.Shared.NextBytes(incompressible);

        await AssertRejectedAsync(() => _f.Collector.PostRawAsync(incompressible, _credential),
            HttpStatusCode.RequestEntityTooLarge, "Batch too large", "compressed batch is 52428800 bytes");
    }

    [Fact]
    public async Task Ingest_CompressionBomb_413()
    {
        // 1 GiB of spaces gzips to about 1 MiB.
        using var bomb = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(bomb, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write("{\"schemaVersion\":1,\"exchanges\":["u8);
            var spaces = new byte[1 << 20];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(spaces);
            }
        }

        await AssertRejectedAsync(() => _f.Collector.PostRawAsync(bomb.ToArray(), _credential),
            HttpStatusCode.RequestEntityTooLarge, "Batch too large", "once decompressed");
    }

    [Theory]
    [InlineData(null, "needs 'Authorization: Bearer <node credential>'")]
    [InlineData("llmo_node_wrong0000000000000000000000000000000000", "unknown or has been revoked")]
    [InlineData("llmo_key_notanodecredential", "not a valid node credential")]
    [InlineData("Basic dXNlcjpwYXNz", "not a valid node credential")]
    public async Task Ingest_WrongCredential_401(string? credential, string reason) =>
        await AssertRejectedAsync(
            () => _f.Collector.PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("hi")), credential!),
            HttpStatusCode.Unauthorized, "Unauthorized", reason);

    [Fact]
    public async Task Ingest_RevokedCredential_401()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "node-revoked");
        await _f.Database.CountAsync($"WITH u AS (UPDATE node_credentials SET revoked_at = now() WHERE node_id = '{node.NodeId}' RETURNING 1) SELECT count(*) FROM u");

        await AssertRejectedAsync(
            () => _f.Collector.PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("hi")), node.NodeCredential),
            HttpStatusCode.Unauthorized, "Unauthorized", "unknown or has been revoked");
    }

    [Fact]
    public async Task Ingest_TextThatPostgreSqlCannotStore_400NamingTheField()
    {
        var bad = SampleExchanges.ChatCompletion("hi");
        bad = bad with { Request = bad.Request with { Body = "binary\0data" } };

        var problem = await AssertRejectedAsync(
            () => _f.Collector.PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("fine"), bad), _credential),
            HttpStatusCode.BadRequest, "Invalid batch", "nothing was accepted");

        Assert.Contains("exchanges[1].request.body", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_LlmCallWithTextPostgreSqlCannotStore_400NamingTheField()
    {
        var bad = SampleExchanges.ChatCompletion("hi") with { Llm = SampleExchanges.OpenAiChat with { Model = "gpt\0" } };

        var problem = await AssertRejectedAsync(() => _f.Collector.PostBatchAsync(SampleExchanges.Batch(bad), _credential),
            HttpStatusCode.BadRequest, "Invalid batch", "nothing was accepted");

        Assert.Contains("exchanges[0].llm.model", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_DuplicateIdsAndUnsupportedVersion_400ListingEachProblem()
    {
        var exchange = SampleExchanges.ChatCompletion("hi");
        var batch = SampleExchanges.Batch(exchange, exchange) with { SchemaVersion = 99 };

        var problem = await AssertRejectedAsync(() => _f.Collector.PostBatchAsync(batch, _credential),
            HttpStatusCode.BadRequest, "Invalid batch", "2 problem(s)");

        var errors = problem.GetProperty("errors");
        Assert.Contains("not supported", errors.GetProperty("schemaVersion")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("more than once", errors.GetProperty("exchanges[1].id")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_EmptyBatch_400() =>
        await AssertRejectedAsync(() => _f.Collector.PostBatchAsync(SampleExchanges.Batch(), _credential),
            HttpStatusCode.BadRequest, "Invalid batch", "problem(s)");

    /// <summary>
    /// Posts, checks status and message, checks that the scan queue did not grow, and that the
    /// service still accepts a good batch afterwards. Returns the problem document.
    /// </summary>
    private async Task<JsonElement> AssertRejectedAsync(Func<Task<HttpResponseMessage>> post, HttpStatusCode status, string title, string detailPart)
    {
        var before = await _f.VirtualHost.QueueDepthAsync(BusTopology.ScanQueue);

        using var response = await post();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detailPart, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _f.VirtualHost.QueueDepthAsync(BusTopology.ScanQueue));

        using var ready = await _f.IngestApi.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        return problem;
    }

    [Fact]
    public async Task Ingest_ValidBatch_202AfterTheBrokerHasItQueued()
    {
        var before = await _f.VirtualHost.QueueDepthAsync(BusTopology.ScanQueue);

        using var response = await _f.Collector.PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("a"), SampleExchanges.ChatCompletion("b")), _credential);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<Contracts.Enrollment.BatchAccepted>(TestContext.Current.CancellationToken);
        Assert.Equal(2, accepted!.Exchanges);
        Assert.Equal(before + 1, await _f.VirtualHost.QueueDepthAsync(BusTopology.ScanQueue));
    }

    [Fact]
    public async Task Ingest_LargeBatch_IsSplitIntoBoundedMessages()
    {
        var before = await _f.VirtualHost.QueueDepthAsync(BusTopology.ScanQueue);
        var prompt = new string('x', 1 << 20);

        using var response = await _f.Collector.PostBatchAsync(
            SampleExchanges.Batch(Enumerable.Range(0, 10).Select(_ => SampleExchanges.ChatCompletion(prompt))), _credential);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 4, await _f.VirtualHost.QueueDepthAsync(BusTopology.ScanQueue)); // three 1 MiB exchanges per 4 MiB message: 3 + 3 + 3 + 1
    }
}
