using LlmObserve.Administration;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Exchanges;
using LlmObserve.Data.Findings;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Destinations;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>Push destinations and their dead letters through the API: secrets, validation, tenant isolation, audit, and delivery by a real scanner worker.</summary>
public sealed class DestinationsApiTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    /// <summary>Where the tests' receivers listen; a default deployment allows no loopback address.</summary>
    internal const string AllowLoopback = "--Delivery:AllowedNetworks:0=127.0.0.0/8";

    private static readonly string[] Admin = [ApiScopes.Admin];
    private readonly PipelineFixture _f = fixture.Require();

    private DestinationsApiClient Api => new(_f.IngestApi.Client);

    [Fact]
    public async Task CreateWebhook_SecretReturnedOnce_NeverInReads_AndAudited()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations",
            Webhook("siem", "https://siem.example.com/hooks/llm"), HttpStatusCode.Created);
        using var get = await Api.SendAsync(tenant.ApiKey, HttpMethod.Get, $"/api/v1/destinations/{created.Destination.Id}", null);
        using var list = await Api.SendAsync(tenant.ApiKey, HttpMethod.Get, "/api/v1/destinations", null);
        var reads = await get.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) + await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith(DestinationService.SigningSecretPrefix, created.SigningSecret, StringComparison.Ordinal);
        Assert.Equal(DestinationService.SigningSecretPrefix.Length + 43, created.SigningSecret!.Length); // 256 bits, base64url
        Assert.Equal(("siem", "webhook", "ocsf", FindingSeverity.Medium, true), (created.Destination.Name, created.Destination.Kind, created.Destination.Format, created.Destination.MinSeverity, created.Destination.Enabled));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (get.StatusCode, list.StatusCode));
        Assert.Contains(created.Destination.Id.ToString(), reads, StringComparison.Ordinal);
        Assert.DoesNotContain(created.SigningSecret, reads, StringComparison.Ordinal);
        var audit = await _f.Database.RowAsync($"SELECT action, target_id, details::text AS details FROM audit_events WHERE tenant_id = '{tenant.Tenant.Id}' AND target_type = 'destination'");
        Assert.Equal(("destination.create", created.Destination.Id.ToString()), ((string)audit!["action"]!, (string)audit["target_id"]!));
        Assert.DoesNotContain(created.SigningSecret, (string)audit["details"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDestination_StartsAtTheFeedsEnd_NotItsHistory()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        await StoreFindingAsync(tenant);
        var before = await FeedAsync(tenant);

        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations",
            new CreateDestinationRequest("syslog", "syslog", "cef", "tls://siem.example.com:6514", null, null, null), HttpStatusCode.Created);

        Assert.Null(created.SigningSecret);
        Assert.True(FeedPosition.TryDecode(created.Destination.Position, out var position));
        Assert.Single(before);
        Assert.True(position.Value.TxId >= before[0].Position.TxId, "A new destination must start after the findings already stored.");
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"https://a.example\"}", "name is required")]
    [InlineData("{\"name\":\"n\",\"kind\":\"email\",\"format\":\"ocsf\",\"url\":\"https://a.example\"}", "kind must be one of")]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"leef\",\"url\":\"https://a.example\"}", "format must be one of")]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"tcp://a.example:514\"}", "http:// or https://")]
    [InlineData("{\"name\":\"n\",\"kind\":\"syslog\",\"format\":\"cef\",\"url\":\"tcp://a.example\"}", "port")]
    [InlineData("{\"name\":\"n\",\"kind\":\"syslog\",\"format\":\"cef\",\"url\":\"udp://a.example:514\"}", "tcp://host:port or tls://host:port")]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"https://a.example\",\"caCertificate\":\"nope\"}", "caCertificate")]
    public async Task CreateDestination_InvalidField_400SayingWhatIsWrong(string json, string says)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        using var response = await Api.SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM destinations WHERE tenant_id = '{tenant.Tenant.Id}'"));
    }

    [Fact]
    public async Task UpdateAndDelete_ChangeOnlyWhatIsSent_AreAudited_AndNamesStayUnique()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        var a = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("a", "https://a.example/x"), HttpStatusCode.Created);
        await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("b", "https://b.example/x"), HttpStatusCode.Created);
        using var duplicate = await Api.SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("a", "https://c.example/x"));
        var path = $"/api/v1/destinations/{a.Destination.Id}";

        var updated = await Api.SendAsync<DestinationItem>(tenant.ApiKey, HttpMethod.Patch, path,
            new UpdateDestinationRequest(null, "falco", null, FindingSeverity.Critical, null, false), HttpStatusCode.OK);
        using var rename = await Api.SendAsync(tenant.ApiKey, HttpMethod.Patch, path, new UpdateDestinationRequest("b", null, null, null, null, null));
        using var badUrl = await Api.SendAsync(tenant.ApiKey, HttpMethod.Patch, path, new UpdateDestinationRequest(null, null, "tls://a.example:6514", null, null, null));
        using var delete = await Api.SendAsync(tenant.ApiKey, HttpMethod.Delete, path, null);
        using var gone = await Api.SendAsync(tenant.ApiKey, HttpMethod.Get, path, null);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(("a", "falco", "https://a.example/x", FindingSeverity.Critical, false), (updated.Name, updated.Format, updated.Url, updated.MinSeverity, updated.Enabled));
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.BadRequest), (rename.StatusCode, badUrl.StatusCode));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (delete.StatusCode, gone.StatusCode));
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM audit_events WHERE target_id = '{a.Destination.Id}' AND action = 'destination.update' AND details->>'format' = 'falco' AND details->>'minSeverity' = 'critical'"));
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM audit_events WHERE target_id = '{a.Destination.Id}' AND action = 'destination.delete'"));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PATCH", "")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/dead-letters")]
    [InlineData("POST", "/dead-letters/0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81/retry")]
    public async Task AnotherTenantsDestination_404_AndUnchanged(string method, string suffix)
    {
        var owner = await TestTenant.CreateAsync(_f.Database, Admin);
        var other = await TestTenant.CreateAsync(_f.Database, Admin);
        var created = await Api.SendAsync<DestinationCreated>(owner.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("mine", "https://a.example/x"), HttpStatusCode.Created);

        using var response = await Api.SendAsync(other.ApiKey, new HttpMethod(method), $"/api/v1/destinations/{created.Destination.Id}{suffix}",
            method == "PATCH" ? new UpdateDestinationRequest(null, null, null, null, null, false) : null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM destinations WHERE id = '{created.Destination.Id}' AND enabled"));
    }

    [Fact]
    public async Task Destinations_WithoutAdminScope_403_WithoutKey_401()
    {
        var reader = await TestTenant.CreateAsync(_f.Database);

        using var forbidden = await Api.SendAsync(reader.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("x", "https://a.example/x"));
        using var listForbidden = await Api.SendAsync(reader.ApiKey, HttpMethod.Get, "/api/v1/destinations", null);
        using var anonymous = await Api.SendAsync(null, HttpMethod.Get, "/api/v1/destinations", null);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (forbidden.StatusCode, listForbidden.StatusCode, anonymous.StatusCode));
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM destinations WHERE tenant_id = '{reader.Tenant.Id}'"));
    }

    [Fact]
    public async Task DeadLetters_ReceiverDownForGood_ListedThroughTheApi_ThenRetriedToAReceiverThatAccepts()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations",
            Webhook("down", "http://127.0.0.1:1/hook") /* nothing listens on port 1 */ with { MinSeverity = FindingSeverity.Info }, HttpStatusCode.Created);
        var path = $"/api/v1/destinations/{created.Destination.Id}";
        var finding = await StoreFindingAsync(tenant);

        // A real scanner worker delivers, with short waits between its six attempts.
        await using (await InProcessHost.StartScannerWorkerAsync(_f.Database, _f.VirtualHost.AmqpUri, AllowLoopback,
            "--Delivery:PollInterval=00:00:00.050", "--Delivery:InitialBackoff=00:00:00.020", "--Delivery:MaxBackoff=00:00:00.050"))
        {
            await Eventually.UntilAsync(async () => (await Api.SendAsync<Page<DeadLetterItem>>(tenant.ApiKey, HttpMethod.Get, $"{path}/dead-letters", null, HttpStatusCode.OK)).Items.Count == 1,
                TimeSpan.FromSeconds(20), "the dead letter");
        }

        var letter = (await Api.SendAsync<Page<DeadLetterItem>>(tenant.ApiKey, HttpMethod.Get, $"{path}/dead-letters", null, HttpStatusCode.OK)).Items.Single();
        Assert.Equal((finding.Id, 6), (letter.FindingId, letter.Attempts));
        Assert.Contains("refused", letter.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(finding.Id.ToString(), letter.Payload, StringComparison.Ordinal);

        // The retry connects from ingest-api: one allowed, like the worker, to reach 127.0.0.1.
        await using var api = await InProcessHost.StartIngestApiAsync(_f.Database, _f.VirtualHost.AmqpUri, AllowLoopback);
        var allowed = new DestinationsApiClient(api.Client);
        var failedAgain = await allowed.SendAsync<DeadLetterRetryResult>(tenant.ApiKey, HttpMethod.Post, $"{path}/dead-letters/{letter.Id}/retry", null, HttpStatusCode.OK);
        Assert.Equal((false, 7), (failedAgain.Delivered, failedAgain.DeadLetter!.Attempts));
        Assert.Contains("refused", failedAgain.Error, StringComparison.OrdinalIgnoreCase);

        // A secret in the query: hidden in reads, sent as stored.
        await using var receiver = await HookReceiver.StartAsync();
        await Api.SendAsync<DestinationItem>(tenant.ApiKey, HttpMethod.Patch, path, new UpdateDestinationRequest(null, null, receiver.Url + "?token=s3cret", null, null, null), HttpStatusCode.OK);
        var retried = await allowed.SendAsync<DeadLetterRetryResult>(tenant.ApiKey, HttpMethod.Post, $"{path}/dead-letters/{letter.Id}/retry", null, HttpStatusCode.OK);
        var left = await Api.SendAsync<Page<DeadLetterItem>>(tenant.ApiKey, HttpMethod.Get, $"{path}/dead-letters", null, HttpStatusCode.OK);

        Assert.True(retried.Delivered, retried.Error);
        Assert.Empty(left.Items);
        var (headers, query, body) = Assert.Single(receiver.Requests);
        Assert.Equal((finding.Id.ToString(), letter.Payload, "?token=s3cret"), (headers["X-LlmObserve-Delivery"], body, query));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(created.SigningSecret!), Encoding.UTF8.GetBytes($"{headers["X-LlmObserve-Timestamp"]}.{body}")));
        Assert.Equal(expected, headers["X-LlmObserve-Signature"]);
        Assert.Equal(2, await _f.Database.CountAsync($"SELECT count(*) FROM audit_events WHERE tenant_id = '{tenant.Tenant.Id}' AND action = 'dead_letter.retry'"));
    }

    [Fact]
    public async Task ListDeadLetters_PagedNewestFirst_AndBadQueries400()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("paged", "https://a.example/x"), HttpStatusCode.Created);
        var path = $"/api/v1/destinations/{created.Destination.Id}/dead-letters";
        Assert.Equal(5, await _f.Database.CountAsync($"""
            WITH stored AS (INSERT INTO dead_letters (id, tenant_id, destination_id, finding_id, attempts, first_attempt_at, failed_at, last_error, payload)
                SELECT gen_random_uuid(), '{tenant.Tenant.Id}', '{created.Destination.Id}', gen_random_uuid(), 6, now() + make_interval(mins => i - 1), now() + make_interval(mins => i), 'HTTP 500 (' || i || ')', '-'
                FROM generate_series(0, 4) AS i RETURNING 1)
            SELECT count(*) FROM stored
            """));

        var (seen, cursor) = (new List<DeadLetterItem>(), (string?)null);
        do
        {
            var page = await Api.SendAsync<Page<DeadLetterItem>>(tenant.ApiKey, HttpMethod.Get, $"{path}?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", null, HttpStatusCode.OK);
            seen.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        using var badLimit = await Api.SendAsync(tenant.ApiKey, HttpMethod.Get, $"{path}?limit=0", null);
        using var badCursor = await Api.SendAsync(tenant.ApiKey, HttpMethod.Get, $"{path}?cursor=nope", null);

        Assert.Equal(["HTTP 500 (4)", "HTTP 500 (3)", "HTTP 500 (2)", "HTTP 500 (1)", "HTTP 500 (0)"], seen.Select(d => d.LastError));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badLimit.StatusCode, badCursor.StatusCode));
    }

    [Fact]
    public async Task OpenApiDocument_DocumentsEveryDestinationsOperation()
    {
        var document = await _f.IngestApi.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/destinations", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value)).ToList();
        Assert.Equal(
            ["CreateDestination", "DeleteDestination", "GetDestination", "ListDeadLetters", "ListDestinations", "RetryDeadLetter", "UpdateDestination"],
            operations.Select(o => o.GetProperty("operationId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(operations, o =>
        {
            Assert.Equal("Destinations", o.GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrEmpty(o.GetProperty("summary").GetString()));
            Assert.False(string.IsNullOrEmpty(o.GetProperty("description").GetString()));
            Assert.True(o.GetProperty("responses").TryGetProperty("401", out _) && o.GetProperty("responses").TryGetProperty("403", out _));
        });
    }

    private static CreateDestinationRequest Webhook(string name, string url) => new(name, "webhook", "ocsf", url, FindingSeverity.Medium, null, null);

    private async Task<FindingEvent> StoreFindingAsync(TestTenant tenant)
    {
        var node = await tenant.AddNodeAsync(_f.Database, $"node-{Guid.NewGuid():N}");
        var exchange = SampleExchanges.ChatCompletion(SampleExchanges.AwsKeyPrompt, node.Name);
        var finding = new NewFinding("secret.aws_access_key_id", FindingCategory.Secret, FindingSeverity.High, "AWS key", "AKIA****", "request.body", 1, 20);
        await new ExchangeWriter(_f.Database.DataSource).WriteAsync(tenant.Message(node, [exchange]), [[finding]], CancellationToken.None);
        IReadOnlyList<FindingEvent> feed = [];
        await Eventually.UntilAsync(async () => (feed = await FeedAsync(tenant)).Any(f => f.ExchangeId == exchange.Id), TimeSpan.FromSeconds(10), "the finding in the feed");
        return feed.Single(f => f.ExchangeId == exchange.Id);
    }

    private async Task<IReadOnlyList<FindingEvent>> FeedAsync(TestTenant tenant)
    {
        await using var db = _f.Database.CreateDbContext(new Data.Tenancy.FixedTenantContext(tenant.Tenant.Id));
        return (await FindingFeed.ReadAsync(db, new FindingFilter(), FeedPosition.Start, 1000, CancellationToken.None)).Items;
    }
}
