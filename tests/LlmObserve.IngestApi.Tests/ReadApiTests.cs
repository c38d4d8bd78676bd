using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Administration;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Exchanges;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>The read API for SIEMs: tenant isolation on every endpoint, scopes, paging.</summary>
public sealed class ReadApiTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task ReadEndpoints_WithTenantBsKey_ReturnNothingOfTenantA()
    {
        var a = await TestTenant.CreateAsync(_f.Database);
        var b = await TestTenant.CreateAsync(_f.Database);
        var aExchanges = await SeedAsync(a, 5);
        var bExchanges = await SeedAsync(b, 2);

        var exchanges = await GetAsync<Page<ExchangeSummary>>(b.ApiKey, "/api/v1/exchanges");
        var findings = await GetAsync<Page<FindingItem>>(b.ApiKey, "/api/v1/findings");
        var byCluster = await GetAsync<Page<ExchangeSummary>>(b.ApiKey, $"/api/v1/exchanges?clusterId={a.Cluster.Id}");
        var findingsByCluster = await GetAsync<Page<FindingItem>>(b.ApiKey, $"/api/v1/findings?clusterId={a.Cluster.Id}");

        Assert.Equal(bExchanges.Order(), exchanges.Items.Select(e => e.Id).Order());
        Assert.All(findings.Items, f => Assert.Contains(f.ExchangeId, bExchanges));
        Assert.Equal(2, findings.Items.Count);
        Assert.Empty(byCluster.Items);
        Assert.Empty(findingsByCluster.Items);
        foreach (var id in aExchanges)
        {
            using var response = await SendAsync(b.ApiKey, $"/api/v1/exchanges/{id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // And A still sees its own.
        var own = await GetAsync<ExchangeDetail>(a.ApiKey, $"/api/v1/exchanges/{aExchanges[0]}");
        Assert.Equal(aExchanges[0], own.Summary.Id);
        Assert.Single(own.Findings);
    }

    [Theory]
    [InlineData("/api/v1/exchanges")]
    [InlineData("/api/v1/findings")]
    [InlineData("/api/v1/exchanges/0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81")]
    public async Task ReadEndpoints_WithoutAKeyOrWithANodeCredential_401(string path)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "n");

        using var none = await SendAsync(null, path);
        using var nodeCredential = await SendAsync(node.NodeCredential, path);
        using var unknown = await SendAsync("llmo_key_doesnotexist", path);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nodeCredential.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ReadEndpoints_KeyWithoutTheScope_403()
    {
        var findingsOnly = await TestTenant.CreateAsync(_f.Database, [ApiScopes.FindingsRead]);
        var exchangesOnly = await TestTenant.CreateAsync(_f.Database, [ApiScopes.ExchangesRead]);

        using var exchanges = await SendAsync(findingsOnly.ApiKey, "/api/v1/exchanges");
        using var exchange = await SendAsync(findingsOnly.ApiKey, $"/api/v1/exchanges/{Guid.NewGuid()}");
        using var findings = await SendAsync(exchangesOnly.ApiKey, "/api/v1/findings");
        using var allowed = await SendAsync(findingsOnly.ApiKey, "/api/v1/findings");

        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (exchanges.StatusCode, exchange.StatusCode, findings.StatusCode, allowed.StatusCode));
    }

    [Fact]
    public async Task ListExchanges_PagedWithCursor_ReturnsEveryExchangeOnceNewestFirst()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var seeded = await SeedAsync(tenant, 25);

        var seen = new List<ExchangeSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetAsync<Page<ExchangeSummary>>(tenant.ApiKey, $"/api/v1/exchanges?limit=10{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.Items);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(seeded.Order(), seen.Select(e => e.Id).Order());
        Assert.Equal(seen.OrderByDescending(e => e.CapturedAt).Select(e => e.Id), seen.Select(e => e.Id));
    }

    [Fact]
    public async Task ListFindings_TimeFilter_ReturnsOnlyThatWindow()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await SeedAsync(tenant, 10, start);

        var window = await GetAsync<Page<FindingItem>>(tenant.ApiKey,
            $"/api/v1/findings?from={Uri.EscapeDataString(start.AddMinutes(3).ToString("O"))}&to={Uri.EscapeDataString(start.AddMinutes(6).ToString("O"))}");

        Assert.Equal(3, window.Items.Count);
        Assert.All(window.Items, f => Assert.InRange(f.ExchangeCapturedAt, start.AddMinutes(3), start.AddMinutes(6)));
    }

    [Theory]
    [InlineData("/api/v1/exchanges?limit=0", "limit")]
    [InlineData("/api/v1/findings?limit=501", "limit")]
    [InlineData("/api/v1/exchanges?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/exchanges?cursor=not%20base64%21", "cursor")]
    [InlineData("/api/v1/findings/feed?cursor=%21%21%21%21", "cursor")]
    [InlineData("/api/v1/findings?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task ListEndpoints_BadParameters_400(string path, string named)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);

        using var response = await SendAsync(tenant.ApiKey, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryEndpoint()
    {
        var document = await _f.IngestApi.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value.GetProperty("operationId").GetString()))
            .ToHashSet();
        string[] expected =
        [
            "CreateApiKey", "CreateCluster", "CreateDestination", "CreateEnrollmentToken", "CreateRule", "DeleteDestination", "DeleteRule", "DryRunRule", "Enroll", "ExportFindings",
            "GetApiKey", "GetCluster", "GetClusterKubernetesDeployment", "GetClusterLinuxInstallScript", "GetDestination", "GetExchange", "GetFinding", "GetNode", "GetRule", "IngestExchanges", "IngestHeartbeat", "ListApiKeys",
            "ListAuditEvents", "ListClusters", "ListDeadLetters", "ListDestinations", "ListEnrollmentTokens", "ListExchanges", "ListFindings", "ListNodes",
            "ListRules", "ReadFindingsFeed", "ReadmitNode", "RetryDeadLetter", "RevokeApiKey", "RevokeEnrollmentToken", "RevokeNode", "RotateNodeCredential",
            "UpdateDestination", "UpdateRule", "ValidateRule",
        ];
        Assert.Equal(expected, operations.Order(StringComparer.Ordinal));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }

    /// <summary>Stores <paramref name="count"/> exchanges a minute apart, one finding each; returns their ids.</summary>
    private async Task<List<Guid>> SeedAsync(TestTenant tenant, int count, DateTimeOffset? start = null)
    {
        var node = await tenant.AddNodeAsync(_f.Database, $"node-{Guid.NewGuid():N}");
        var first = start ?? DateTimeOffset.UtcNow.AddHours(-1);
        var exchanges = Enumerable.Range(0, count).Select(i => SampleExchanges.ChatCompletion(SampleExchanges.AwsKeyPrompt, at: first.AddMinutes(i))).ToList();
        var finding = new NewFinding("secret.aws_access_key_id", FindingCategory.Secret, FindingSeverity.High, "AWS key", "AKIA****", "request.body", 1, 20);
        await new ExchangeWriter(_f.Database.DataSource).WriteAsync(tenant.Message(node, exchanges), [.. exchanges.Select(_ => new[] { finding })], CancellationToken.None);
        return [.. exchanges.Select(e => e.Id)];
    }

    private async Task<T> GetAsync<T>(string apiKey, string path)
    {
        using var response = await SendAsync(apiKey, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(Web, TestContext.Current.CancellationToken))!;
    }

    private Task<HttpResponseMessage> SendAsync(string? bearer, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
