using LlmObserve.Administration;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;

namespace LlmObserve.Web.Tests.Seeding;

/// <summary>A finding the scanner worker stored.</summary>
public sealed record StoredFinding(Guid Id, Guid ExchangeId, string RuleId, string Severity);

/// <summary>
/// A tenant made by <see cref="TestTenant"/> (a cluster, an enrollment token, an API key with every scope) whose
/// data arrives the production way: a collector enrolls, posts captured exchanges to ingest-api, and the
/// scanner worker stores the findings.
/// </summary>
public sealed class SeededTenant
{
    private readonly ConsoleFixture _f;
    private readonly Dictionary<string, EnrollResponse> _nodes = new(StringComparer.Ordinal);

    private SeededTenant(ConsoleFixture fixture, TestTenant tenant)
    {
        _f = fixture;
        Tenant = tenant;
    }

    public TestTenant Tenant { get; }

    public Guid Id => Tenant.Tenant.Id;

    public string Name => Tenant.Tenant.Name;

    public static async Task<SeededTenant> CreateAsync(ConsoleFixture fixture) =>
        new(fixture, await TestTenant.CreateAsync(fixture.Database, [.. ApiScopes.All]));

    /// <summary>A tenant with a name and a first cluster of the test's choice (for pictures: TestTenant's names are ids).</summary>
    public static async Task<SeededTenant> CreateAsync(ConsoleFixture fixture, string name, string firstCluster)
    {
        await using var db = fixture.Database.CreateDbContext();
        var fleet = new FleetAdministration(db, TimeProvider.System);
        var tenant = await fleet.CreateTenantAsync(name, CancellationToken.None);
        var cluster = await fleet.CreateClusterAsync(tenant.Id, firstCluster, CancellationToken.None);
        var token = await fleet.CreateEnrollmentTokenAsync(cluster, TimeSpan.FromHours(1), 100, "test", CancellationToken.None);
        var key = await fleet.CreateApiKeyAsync(tenant.Id, "siem", [.. ApiScopes.All], CancellationToken.None);
        return new SeededTenant(fixture, new TestTenant(tenant, cluster, token.Token, key.Token));
    }

    /// <summary>Another cluster of the tenant, with an enrollment token for its nodes.</summary>
    public async Task<(Guid ClusterId, string EnrollmentToken)> AddClusterAsync(string name)
    {
        await using var db = _f.Database.CreateDbContext();
        var fleet = new FleetAdministration(db, TimeProvider.System);
        var cluster = await fleet.CreateClusterAsync(Id, name, CancellationToken.None);
        var token = await fleet.CreateEnrollmentTokenAsync(cluster, TimeSpan.FromHours(1), 100, "test", CancellationToken.None);
        return (cluster.Id, token.Token);
    }

    /// <summary>The node's credential, enrolling it (with the tenant's token, into its first cluster) on first use.</summary>
    public async Task<EnrollResponse> NodeAsync(string name = "node-1", string? enrollmentToken = null)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            node = await _f.Collector.EnrollAsync(enrollmentToken ?? Tenant.EnrollmentToken, name);
            _nodes[name] = node;
        }

        return node;
    }

    /// <summary>Reports the node alive, running <paramref name="collectorVersion"/>.</summary>
    public async Task HeartbeatAsync(EnrollResponse node, string collectorVersion = "0.1.0")
    {
        var heartbeat = new NodeHeartbeat
        {
            CollectorVersion = collectorVersion,
            KernelVersion = "6.8.0-45-generic",
            StartedAt = DateTimeOffset.UtcNow.AddHours(-2),
            Targets = new Dictionary<string, string>(StringComparer.Ordinal) { ["/usr/lib/x86_64-linux-gnu/libssl.so.3"] = "attached" },
            Counters = new Dictionary<string, long>(StringComparer.Ordinal) { ["captured.exchanges"] = 120 },
        };
        using var response = await _f.Collector.PostHeartbeatAsync(heartbeat, node.NodeCredential);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Posts the exchanges as the node's collector and waits until each has as many findings as <paramref name="expectFindings"/> says (at least).</summary>
    public async Task<IReadOnlyList<StoredFinding>> CaptureAsync(IReadOnlyList<CapturedExchange> exchanges, int expectFindings, string node = "node-1")
    {
        var credential = (await NodeAsync(node)).NodeCredential;
        using var accepted = await _f.Collector.PostBatchAsync(SampleExchanges.Batch(exchanges), credential);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var ids = string.Join(",", exchanges.Select(e => $"'{e.Id}'"));
        await Eventually.UntilAsync(
            async () => await _f.Database.CountAsync($"SELECT count(*) FROM exchanges WHERE id IN ({ids})") == exchanges.Count
                && await _f.Database.CountAsync($"SELECT count(*) FROM findings WHERE exchange_id IN ({ids})") >= expectFindings,
            TimeSpan.FromSeconds(30), $"{exchanges.Count} exchanges and {expectFindings} findings stored");
        return await FindingsAsync(ids);
    }

    /// <summary>One exchange with <paramref name="prompt"/>, which must give at least one finding.</summary>
    public async Task<(CapturedExchange Exchange, IReadOnlyList<StoredFinding> Findings)> CaptureOneAsync(string prompt, string node = "node-1")
    {
        var exchange = Exchanges.Chat(prompt, node);
        return (exchange, await CaptureAsync([exchange], 1, node));
    }

    /// <summary>Calls ingest-api's REST API v1 with the tenant's API key.</summary>
    public async Task<HttpResponseMessage> ApiAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Tenant.ApiKey) } };
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _f.IngestApi.Client.SendAsync(request);
    }

    private async Task<IReadOnlyList<StoredFinding>> FindingsAsync(string exchangeIds)
    {
        await using var command = _f.Database.DataSource.CreateCommand(
            $"SELECT id, exchange_id, rule_id, severity FROM findings WHERE exchange_id IN ({exchangeIds}) ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<StoredFinding>();
        while (await reader.ReadAsync())
        {
            found.Add(new StoredFinding(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetValue(3).ToString()!));
        }

        return found;
    }
}

/// <summary>Captured chat completions with the workload and model the tests choose.</summary>
public static class Exchanges
{
    public const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    public static CapturedExchange Chat(
        string prompt, string node = "node-1", string ns = "payments", string pod = "invoice-bot-7d9f", string model = "gpt-4o-mini", DateTimeOffset? at = null)
    {
        var exchange = SampleExchanges.ChatCompletion(prompt, node, at);
        return exchange with
        {
            Workload = exchange.Workload with { Namespace = ns, Pod = pod },
            Llm = SampleExchanges.OpenAiChat with { Model = model },
        };
    }

    /// <summary>A prompt that gives a critical finding (an AWS access key id), with a text of the test's own around it.</summary>
    public static string SecretPrompt(string marker) => $"{marker}: why does boto3 reject my key {AwsKey} in eu-west-1?";
}
