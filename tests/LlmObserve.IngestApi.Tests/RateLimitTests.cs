using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>Rate limits per API key and per node: a caller over its budget gets 429 with Retry-After; others are not affected.</summary>
public sealed class RateLimitTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task ApiKeyOverItsBudget_429WithRetryAfter_WhileAnotherKeyIsServed()
    {
        await using var api = await InProcessHost.StartIngestApiAsync(_f.Database, _f.VirtualHost.AmqpUri,
            "--RateLimits:ApiKeyBurst=5", "--RateLimits:ApiKeyPerSecond=1");
        var busy = await TestTenant.CreateAsync(_f.Database);
        var quiet = await TestTenant.CreateAsync(_f.Database);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await GetAsync(api, busy.ApiKey, "/api/v1/findings");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var other = await GetAsync(api, quiet.ApiKey, "/api/v1/findings");

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(limited);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("rate limit", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        limited.Dispose();
    }

    [Fact]
    public async Task NodeOverItsBudget_429_SoItsCollectorBacksOff()
    {
        await using var api = await InProcessHost.StartIngestApiAsync(_f.Database, _f.VirtualHost.AmqpUri,
            "--RateLimits:NodeBurst=3", "--RateLimits:NodePerSecond=1");
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await new CollectorClient(api.Client).EnrollAsync(tenant.EnrollmentToken, "chatty");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await new CollectorClient(api.Client).PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("hi")), node.NodeCredential);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    private static Task<HttpResponseMessage> GetAsync(InProcessHost api, string key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return api.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
