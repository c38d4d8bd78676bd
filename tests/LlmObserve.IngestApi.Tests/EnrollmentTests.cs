using System.Net;
using System.Net.Http.Json;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Data.Security;
using LlmObserve.Testing;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Tests;

public sealed class EnrollmentTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _f = fixture.Require();

    private Task<HttpResponseMessage> EnrollAsync(string token, string node = "node-1") =>
        _f.IngestApi.Client.PostAsJsonAsync("/api/v1/enroll", new EnrollRequest { EnrollmentToken = token, NodeName = node }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Enroll_ValidToken_IssuesACredentialStoredOnlyAsItsHash()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);

        using var response = await EnrollAsync(tenant.EnrollmentToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var enrolled = (await response.Content.ReadFromJsonAsync<EnrollResponse>(TestContext.Current.CancellationToken))!;
        Assert.StartsWith(IssuedSecret.NodeCredentialPrefix, enrolled.NodeCredential, StringComparison.Ordinal);
        Assert.Equal(tenant.Cluster.Id, enrolled.ClusterId);
        Assert.Equal(1, await _f.Database.CountAsync(
            $"SELECT count(*) FROM node_credentials WHERE node_id = '{enrolled.NodeId}' AND secret_hash = '\\x{Convert.ToHexString(IssuedSecret.Hash(enrolled.NodeCredential))}'"));
        Assert.Equal(0, await _f.Database.CountAsync(
            $"SELECT count(*) FROM node_credentials c WHERE position('{enrolled.NodeCredential}' in c::text) > 0"));
        using var accepted = await _f.Collector.PostBatchAsync(SampleExchanges.Batch(SampleExchanges.ChatCompletion("hi")), enrolled.NodeCredential);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Enroll_UnknownToken_IsRefused()
    {
        using var response = await EnrollAsync(IssuedSecret.Generate(IssuedSecret.EnrollmentTokenPrefix));

        await AssertRefusedAsync(response, "Unknown enrollment token");
    }

    [Fact]
    public async Task Enroll_ExpiredToken_IsRefusedSayingItExpired()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        await _f.Database.CountAsync($"WITH u AS (UPDATE enrollment_tokens SET expires_at = now() - interval '1 second' WHERE cluster_id = '{tenant.Cluster.Id}' RETURNING 1) SELECT count(*) FROM u");

        using var response = await EnrollAsync(tenant.EnrollmentToken);

        await AssertRefusedAsync(response, "expired");
    }

    [Fact]
    public async Task Enroll_RevokedToken_IsRefusedSayingItWasRevoked()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        await _f.Database.CountAsync($"WITH u AS (UPDATE enrollment_tokens SET revoked_at = now() WHERE cluster_id = '{tenant.Cluster.Id}' RETURNING 1) SELECT count(*) FROM u");

        using var response = await EnrollAsync(tenant.EnrollmentToken);

        await AssertRefusedAsync(response, "revoked");
    }

    [Fact]
    public async Task Enroll_ConcurrentlyPastTheUseLimit_GrantsExactlyTheLimit()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, enrollments: 3);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => EnrollAsync(tenant.EnrollmentToken, $"node-{i}")));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        await AssertRefusedAsync(responses.First(r => r.StatusCode != HttpStatusCode.Created), "no uses left");
    }

    [Fact]
    public async Task Enroll_SameNodeAgain_RevokesItsPreviousCredential()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var first = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "node-a");

        var second = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "node-a");

        Assert.Equal(first.NodeId, second.NodeId);
        var batch = SampleExchanges.Batch(SampleExchanges.ChatCompletion("hi"));
        using var old = await _f.Collector.PostBatchAsync(batch, first.NodeCredential);
        using var current = await _f.Collector.PostBatchAsync(batch, second.NodeCredential);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Accepted), (old.StatusCode, current.StatusCode));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Contains(reason, problem!.Detail, StringComparison.Ordinal);
    }
}
