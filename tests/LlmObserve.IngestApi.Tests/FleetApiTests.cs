using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>Clusters, enrollment tokens, nodes and API keys through the REST API, and the audit log they leave.</summary>
public sealed class FleetApiTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string[] FindingsReadOnly = [ApiScopes.FindingsRead];
    private static readonly string[] UnknownScope = ["root"];
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task Cluster_Token_Enroll_Revoke_AllThroughTheApi_AndAudited()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);

        var cluster = await SendAsync<ClusterItem>(tenant.ApiKey, HttpMethod.Post, "/api/v1/clusters", new { name = "staging-us-2" }, HttpStatusCode.Created);
        using var duplicate = await SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/clusters", new { name = "staging-us-2" });
        var token = await SendAsync<IssuedSecretResponse<EnrollmentTokenItem>>(tenant.ApiKey, HttpMethod.Post,
            $"/api/v1/clusters/{cluster.Id}/enrollment-tokens", new { ttl = "2h", maxUses = 2, description = "wave 1" }, HttpStatusCode.Created);
        using var enrolled = await EnrollAsync(token.Token, "n1");
        await SendAsync<EnrollmentTokenItem>(tenant.ApiKey, HttpMethod.Delete, $"/api/v1/enrollment-tokens/{token.Item.Id}", null, HttpStatusCode.OK);
        using var afterRevoke = await EnrollAsync(token.Token, "n2");
        var tokens = await SendAsync<List<EnrollmentTokenItem>>(tenant.ApiKey, HttpMethod.Get, $"/api/v1/clusters/{cluster.Id}/enrollment-tokens", null, HttpStatusCode.OK);
        var clusters = await SendAsync<List<ClusterItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/clusters", null, HttpStatusCode.OK);
        var audit = await SendAsync<Page<AuditEventItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/audit", null, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("revoked", await afterRevoke.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(("revoked", 1, 2, "wave 1"), tokens.Select(t => (t.Status, t.Uses, t.MaxUses, t.Description)).Single());
        Assert.Equal(1, clusters.Single(c => c.Id == cluster.Id).NodeCount);
        Assert.Equal(["enrollment_token.revoke", "node.enroll", "enrollment_token.create", "cluster.create"], audit.Items.Select(e => e.Action));
        Assert.All(audit.Items.Where(e => e.ActorType != "node"), e => Assert.Equal(("api_key", "siem", "127.0.0.1"), (e.ActorType, e.ActorName, e.RemoteAddress)));
        Assert.Equal(("node", "n1", token.Item.Id.ToString()), (audit.Items[1].ActorType, audit.Items[1].ActorName, audit.Items[1].Details!["enrollmentTokenId"]));
        Assert.Equal(token.Item.Id.ToString(), audit.Items[0].TargetId);
        Assert.DoesNotContain(token.Token, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEnrollmentToken_BadInput_400SayingWhat()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);

        using var ttl = await SendAsync(tenant.ApiKey, HttpMethod.Post, $"/api/v1/clusters/{tenant.Cluster.Id}/enrollment-tokens", new { ttl = "90d" });
        using var uses = await SendAsync(tenant.ApiKey, HttpMethod.Post, $"/api/v1/clusters/{tenant.Cluster.Id}/enrollment-tokens", new { maxUses = 0 });
        using var name = await SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/clusters", new { name = "" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (ttl.StatusCode, uses.StatusCode, name.StatusCode));
        Assert.Contains("ttl", await ttl.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("maxUses", await uses.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatedNodeCredential_WorksAtOnce_AndTheOldOneStopsWithinFiveSeconds()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);
        var node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "rotating");

        var rotated = await SendAsync<RotatedCredential>(node.NodeCredential, HttpMethod.Post, "/api/v1/ingest/credentials/rotate", null, HttpStatusCode.OK);
        using var withNew = await HeartbeatAsync(rotated.NodeCredential);
        var stopped = await TimeUntilRefusedAsync(node.NodeCredential);
        using var newStillWorks = await HeartbeatAsync(rotated.NodeCredential);
        var audit = await SendAsync<Page<AuditEventItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/audit?action=node.credential.", null, HttpStatusCode.OK);

        Assert.Equal(node.NodeId, rotated.NodeId);
        Assert.NotEqual(node.NodeCredential, rotated.NodeCredential);
        Assert.Equal(HttpStatusCode.NoContent, withNew.StatusCode);
        Assert.InRange(stopped, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.NoContent, newStillWorks.StatusCode);
        Assert.Equal(("node.credential.rotate", "node", node.NodeId.ToString()), audit.Items.Select(e => (e.Action, e.ActorType, e.ActorId)).Single());
    }

    [Fact]
    public async Task RevokedNode_IsRefusedWithinFiveSeconds_AndListedAsRevoked()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);
        var node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "to-revoke");
        using var before = await HeartbeatAsync(node.NodeCredential);

        await SendAsync<NodeItem>(tenant.ApiKey, HttpMethod.Post, $"/api/v1/nodes/{node.NodeId}/revoke", null, HttpStatusCode.OK);
        var stopped = await TimeUntilRefusedAsync(node.NodeCredential);
        var listed = await SendAsync<List<NodeItem>>(tenant.ApiKey, HttpMethod.Get, $"/api/v1/nodes?clusterId={tenant.Cluster.Id}", null, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        Assert.InRange(stopped, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var item = listed.Single();
        Assert.Equal(("revoked", "0.4.2", "6.18.0"), (item.Status, item.CollectorVersion, item.KernelVersion));
        Assert.Equal(7, item.Counters!["dropped_not_llm"]);
    }

    [Fact]
    public async Task RevokedNode_CannotEnrollAgainWithItsToken_UntilReadmitted()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);
        var node = await _f.Collector.EnrollAsync(tenant.EnrollmentToken, "compromised");

        await SendAsync<NodeItem>(tenant.ApiKey, HttpMethod.Post, $"/api/v1/nodes/{node.NodeId}/revoke", null, HttpStatusCode.OK);
        using var again = await EnrollAsync(tenant.EnrollmentToken, "compromised");
        var refusal = await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var readmitted = await SendAsync<NodeItem>(tenant.ApiKey, HttpMethod.Post, $"/api/v1/nodes/{node.NodeId}/readmit", null, HttpStatusCode.OK);
        using var afterReadmit = await EnrollAsync(tenant.EnrollmentToken, "compromised");
        using var oldCredential = await HeartbeatAsync(node.NodeCredential);
        var audit = await SendAsync<Page<AuditEventItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/audit?action=node.", null, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("revoked by an administrator", refusal, StringComparison.Ordinal);
        Assert.Equal("revoked", readmitted.Status); // re-admitted, but without a live credential until it enrolls
        Assert.Equal(HttpStatusCode.Created, afterReadmit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldCredential.StatusCode);
        Assert.Equal(["node.enroll", "node.readmit", "node.revoke", "node.enroll"], audit.Items.Select(e => e.Action));
        Assert.Equal(2, await _f.Database.CountAsync($"SELECT uses FROM enrollment_tokens WHERE cluster_id = '{tenant.Cluster.Id}'"));
    }

    [Theory]
    [InlineData("1e9d")]
    [InlineData("Infinityd")]
    [InlineData("1e-9s")]
    [InlineData("NaNh")]
    public async Task CreateEnrollmentToken_AbsurdTtl_400NotAServerError(string ttl)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);

        using var response = await SendAsync(tenant.ApiKey, HttpMethod.Post, $"/api/v1/clusters/{tenant.Cluster.Id}/enrollment-tokens", new { ttl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_CreatedShownOnce_Revoked_RefusedAfterwards()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, [ApiScopes.Admin]);

        var created = await SendAsync<IssuedSecretResponse<ApiKeyItem>>(tenant.ApiKey, HttpMethod.Post, "/api/v1/api-keys",
            new { name = "splunk", scopes = FindingsReadOnly }, HttpStatusCode.Created);
        using var used = await SendAsync(created.Token, HttpMethod.Get, "/api/v1/findings", null);
        var listed = await SendAsync<List<ApiKeyItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/api-keys", null, HttpStatusCode.OK);
        await SendAsync<ApiKeyItem>(tenant.ApiKey, HttpMethod.Delete, $"/api/v1/api-keys/{created.Item.Id}", null, HttpStatusCode.OK);
        using var afterRevoke = await SendAsync(created.Token, HttpMethod.Get, "/api/v1/findings", null);
        using var badScope = await SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/api-keys", new { name = "x", scopes = UnknownScope });

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        var item = listed.Single(k => k.Id == created.Item.Id);
        Assert.Equal(["findings:read"], item.Scopes);
        Assert.NotNull(item.LastUsedAt);
        Assert.DoesNotContain(created.Token, JsonSerializer.Serialize(listed), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
    }

    /// <summary>Polls with the credential until it is refused; the time that took.</summary>
    private async Task<TimeSpan> TimeUntilRefusedAsync(string credential)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var response = await HeartbeatAsync(credential);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return TimeSpan.MaxValue;
    }

    private Task<HttpResponseMessage> HeartbeatAsync(string credential) => _f.Collector.PostHeartbeatAsync(new NodeHeartbeat
    {
        CollectorVersion = "0.4.2",
        KernelVersion = "6.18.0",
        StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        Targets = new Dictionary<string, string>(StringComparer.Ordinal) { ["libssl.so.3"] = "attached" },
        Counters = new Dictionary<string, long>(StringComparer.Ordinal) { ["dropped_not_llm"] = 7 },
    }, credential);

    private Task<HttpResponseMessage> EnrollAsync(string token, string node) =>
        _f.IngestApi.Client.PostAsJsonAsync("/api/v1/enroll", new EnrollRequest { EnrollmentToken = token, NodeName = node }, TestContext.Current.CancellationToken);

    private async Task<T> SendAsync<T>(string bearer, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(bearer, method, path, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Web)!;
    }

    private Task<HttpResponseMessage> SendAsync(string bearer, HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Web) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
