using LlmObserve.Administration;
using System.Net;
using LlmObserve.Contracts.Findings;
using LlmObserve.IngestApi.Auth;
using LlmObserve.IngestApi.Destinations;
using LlmObserve.Testing;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// What a tenant admin sends for a destination that must not harm us: control characters, secrets
/// in a webhook's query, and addresses in our own networks for the retry sent from ingest-api.
/// </summary>
public sealed class DestinationsInputSafetyTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly string[] Admin = [ApiScopes.Admin];
    private readonly PipelineFixture _f = fixture.Require();

    private DestinationsApiClient Api => new(_f.IngestApi.Client);

    [Theory]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"https://a.example/x\\u0000\"}", "url must not contain control characters (U+0000")]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"https://a.example/\\r\\nX-Evil: 1\"}", "url must not contain control characters (U+000D")]
    [InlineData("{\"name\":\"n\",\"kind\":\"syslog\",\"format\":\"cef\",\"url\":\"\\u0000tcp://a.example:514\"}", "url must not contain control characters (U+0000")]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"https://a.example/x\",\"caCertificate\":\"-----BEGIN CERTIFICATE-----\\u0000\"}", "caCertificate must not contain control characters")]
    [InlineData("{\"name\":\"n\",\"kind\":\"webhook\",\"format\":\"ocsf\",\"url\":\"http://169.254.169.254/latest/meta-data/\"}", "url's address 169.254.169.254 is link-local")]
    [InlineData("{\"name\":\"n\",\"kind\":\"syslog\",\"format\":\"cef\",\"url\":\"tcp://[fe80::1]:514\"}", "never allowed")]
    public async Task CreateDestination_UnsafeInput_400NamingTheField_NothingStored(string json, string says)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        using var response = await Api.SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM destinations WHERE tenant_id = '{tenant.Tenant.Id}'"));
    }

    [Theory]
    [InlineData("{\"url\":\"https://b.example/\\u0000\"}", "url must not contain control characters")]
    [InlineData("{\"caCertificate\":\"\\u0000\"}", "caCertificate must not contain control characters")]
    public async Task UpdateDestination_Nul_400NamingTheField_Unchanged(string json, string says)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("a", "https://a.example/x"), HttpStatusCode.Created);

        using var response = await Api.SendAsync(tenant.ApiKey, HttpMethod.Patch, $"/api/v1/destinations/{created.Destination.Id}", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM destinations WHERE id = '{created.Destination.Id}' AND url = 'https://a.example/x' AND ca_certificate IS NULL"));
    }

    [Theory]
    [InlineData("webhook", "HTTPS://Siem.Example.COM:443/hooks/a b", "https://siem.example.com/hooks/a%20b")]
    [InlineData("syslog", "TLS://Syslog.Example.COM:6514", "tls://syslog.example.com:6514")]
    public async Task CreateDestination_StoresTheNormalisedUrl(string kind, string url, string stored)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);

        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations",
            new CreateDestinationRequest("n", kind, "cef", url, null, null, null), HttpStatusCode.Created);

        Assert.Equal(stored, created.Destination.Url);
        Assert.Equal(stored, (string)(await _f.Database.RowAsync($"SELECT url FROM destinations WHERE id = '{created.Destination.Id}'"))!["url"]!);
    }

    [Fact]
    public async Task WebhookWithSecretInQuery_HiddenInReadsAndAudit_StoredWhole()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        const string Url = "https://hooks.example.com/services/T1?token=s3cret&channel=sec";
        const string Shown = "https://hooks.example.com/services/T1?…";
        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("slack", Url), HttpStatusCode.Created);
        var path = $"/api/v1/destinations/{created.Destination.Id}";

        var read = await Api.SendAsync<DestinationItem>(tenant.ApiKey, HttpMethod.Get, path, null, HttpStatusCode.OK);
        var listed = await Api.SendAsync<IReadOnlyList<DestinationItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/destinations", null, HttpStatusCode.OK);

        // Sending back what was read (with another change) keeps the stored url.
        var renamed = await Api.SendAsync<DestinationItem>(tenant.ApiKey, HttpMethod.Patch, path, new UpdateDestinationRequest("slack-sec", null, Shown, null, null, null), HttpStatusCode.OK);
        var storedAfterRename = await StoredUrlAsync(created.Destination.Id);
        await Api.SendAsync<DestinationItem>(tenant.ApiKey, HttpMethod.Patch, path, new UpdateDestinationRequest(null, null, "https://hooks.example.com/services/T1?token=n3w", null, null, null), HttpStatusCode.OK);

        Assert.Equal([Shown, Shown, Shown], new[] { created.Destination.Url, read.Url, Assert.Single(listed).Url });
        Assert.Equal(("slack-sec", Shown), (renamed.Name, renamed.Url));
        Assert.Equal(Url, storedAfterRename);
        Assert.Equal("https://hooks.example.com/services/T1?token=n3w", await StoredUrlAsync(created.Destination.Id));
        var audit = await _f.Database.RowAsync($"SELECT string_agg(details::text, ' ') AS details, count(*) AS n FROM audit_events WHERE target_id = '{created.Destination.Id}'");
        Assert.Equal(3L, audit!["n"]);
        var details = (string)audit["details"]!;
        Assert.DoesNotContain("s3cret", details, StringComparison.Ordinal);
        Assert.DoesNotContain("n3w", details, StringComparison.Ordinal);
        Assert.Contains("services/T1?…", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryDeadLetter_LoopbackWithoutAllowedNetworks_RefusedNamingAddressAndSetting_NothingSent()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Admin);
        await using var receiver = await HookReceiver.StartAsync();
        var created = await Api.SendAsync<DestinationCreated>(tenant.ApiKey, HttpMethod.Post, "/api/v1/destinations", Webhook("internal", receiver.Url), HttpStatusCode.Created);
        var path = $"/api/v1/destinations/{created.Destination.Id}";
        var letterId = Guid.CreateVersion7();
        Assert.Equal(1, await _f.Database.CountAsync($"""
            WITH stored AS (INSERT INTO dead_letters (id, tenant_id, destination_id, finding_id, attempts, first_attempt_at, failed_at, last_error, payload)
                VALUES ('{letterId}', '{tenant.Tenant.Id}', '{created.Destination.Id}', gen_random_uuid(), 6, now(), now(), 'HTTP 500', '-') RETURNING 1)
            SELECT count(*) FROM stored
            """));

        // This ingest-api runs with the default settings: Delivery:AllowedNetworks empty.
        var retried = await Api.SendAsync<DeadLetterRetryResult>(tenant.ApiKey, HttpMethod.Post, $"{path}/dead-letters/{letterId}/retry", null, HttpStatusCode.OK);

        Assert.False(retried.Delivered);
        Assert.Contains("destination address 127.0.0.1 is in the loopback range (127.0.0.0/8); allow it with Delivery:AllowedNetworks", retried.Error, StringComparison.Ordinal);
        Assert.Equal((7, retried.Error), (retried.DeadLetter!.Attempts, retried.DeadLetter.LastError));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task IngestApiStart_BadAllowedNetworks_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => InProcessHost.StartIngestApiAsync(_f.Database, _f.VirtualHost.AmqpUri, "--Delivery:AllowedNetworks:0=10.0.0.0/40"));

        Assert.Contains("Delivery:AllowedNetworks:0: '10.0.0.0/40' is not a network in CIDR notation", error.Message, StringComparison.Ordinal);
    }

    private static CreateDestinationRequest Webhook(string name, string url) => new(name, "webhook", "ocsf", url, FindingSeverity.Medium, null, null);

    private async Task<string> StoredUrlAsync(Guid id) =>
        (string)(await _f.Database.RowAsync($"SELECT url FROM destinations WHERE id = '{id}'"))!["url"]!;
}
