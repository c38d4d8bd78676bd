using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Administration;
using LlmObserve.Administration.Fleet;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Exchanges;
using LlmObserve.IngestApi.Apis;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>
/// A tenant with one of everything the API can name by id (cluster, enrollment token, node,
/// exchange, finding, API key, custom rule), made through the API where it can be, and keys that
/// each lack one scope.
/// </summary>
internal sealed class TenantWorld
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly PipelineFixture _f;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keysWithout = new(StringComparer.Ordinal);

    private TenantWorld(PipelineFixture f, TestTenant tenant)
    {
        _f = f;
        Tenant = tenant;
    }

    public TestTenant Tenant { get; }

    public string AdminKey => Tenant.ApiKey;

    /// <summary>A text only this tenant's exchange holds.</summary>
    public string Marker { get; } = $"walk-marker-{Guid.NewGuid():N}";

    public static async Task<TenantWorld> CreateAsync(PipelineFixture f)
    {
        var world = new TenantWorld(f, await TestTenant.CreateAsync(f.Database, [ApiScopes.Admin]));
        await world.SeedAsync();
        return world;
    }

    /// <summary>The path with every {parameter} replaced by the id of this tenant's object of that kind.</summary>
    public string Fill(string template)
    {
        var path = template;
        foreach (var (name, id) in _ids.Where(p => p.Key.EndsWith("Id", StringComparison.Ordinal)))
        {
            path = path.Replace("{" + name + "}", id, StringComparison.Ordinal);
        }

        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            path = path.Replace("{id}", path.StartsWith("/api/v1/rules", StringComparison.Ordinal) ? _ids["ruleId"] : _ids["exchangeId"], StringComparison.Ordinal);
        }

        Assert.False(path.Contains('{', StringComparison.Ordinal), $"The walk has no id for a parameter of {template}: seed one in TenantWorld.");
        return path;
    }

    /// <summary>A key of this tenant with every scope but the one <paramref name="policy"/> needs (and not admin).</summary>
    public string KeyWithout(string policy) => _keysWithout[policy];

    /// <summary>
    /// The first identifier of this tenant found in <paramref name="body"/>, or null. Ids the
    /// caller sent in <paramref name="echoed"/> do not count: a 404 may name what it did not find.
    /// </summary>
    public string? LeakIn(string body, string echoed) =>
        _ids.Values.Append(Tenant.Tenant.Id.ToString()).Append(Marker).Append(Tenant.Tenant.Name)
            .Where(id => !echoed.Contains(id, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(id => body.Contains(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Nothing another tenant did changed this tenant's objects.</summary>
    public async Task AssertUntouchedAsync()
    {
        var tokens = await GetAsync<List<EnrollmentTokenItem>>($"/api/v1/clusters/{_ids["clusterId"]}/enrollment-tokens");
        Assert.Equal("active", tokens.Single(t => t.Id.ToString() == _ids["tokenId"]).Status);
        Assert.Null((await GetAsync<ApiKeyItem>($"/api/v1/api-keys/{_ids["keyId"]}")).RevokedAt);
        Assert.NotEqual("revoked", (await GetAsync<NodeItem>($"/api/v1/nodes/{_ids["nodeId"]}")).Status);
        Assert.Equal(_ids["ruleId"], (await GetAsync<RuleDetail>($"/api/v1/rules/{_ids["ruleId"]}")).Rule.Id);
        Assert.Equal(_ids["exchangeId"], (await GetAsync<ExchangeDetail>($"/api/v1/exchanges/{_ids["exchangeId"]}")).Summary.Id.ToString());
        Assert.True((await GetAsync<Destinations.DestinationItem>($"/api/v1/destinations/{_ids["destinationId"]}")).Enabled);
        Assert.Single((await GetAsync<Page<Destinations.DeadLetterItem>>($"/api/v1/destinations/{_ids["destinationId"]}/dead-letters")).Items);
    }

    private async Task SeedAsync()
    {
        _ids["clusterId"] = Tenant.Cluster.Id.ToString();
        var token = await PostAsync<IssuedSecretResponse<EnrollmentTokenItem>>($"/api/v1/clusters/{Tenant.Cluster.Id}/enrollment-tokens", new { ttl = "1h", maxUses = 5 });
        _ids["tokenId"] = token.Item.Id.ToString();
        var node = await _f.Collector.EnrollAsync(token.Token, $"walk-{Guid.NewGuid():N}");
        _ids["nodeId"] = node.NodeId.ToString();
        var key = await PostAsync<IssuedSecretResponse<ApiKeyItem>>("/api/v1/api-keys", new { name = "walk", scopes = new[] { ApiScopes.FindingsRead } });
        _ids["keyId"] = key.Item.Id.ToString();
        var rule = await PostAsync<RuleDetail>("/api/v1/rules", new RuleYamlRequest(CustomRule));
        _ids["ruleId"] = rule.Rule.Id;
        var (exchangeId, findingId) = await new Seeder(_f, Tenant).ExchangeAsync(Marker);
        _ids["exchangeId"] = exchangeId.ToString();
        _ids["findingId"] = findingId.ToString();
        var destination = await PostAsync<Destinations.DestinationCreated>("/api/v1/destinations",
            new { name = $"siem-{Guid.NewGuid():N}", kind = "webhook", format = "ocsf", url = "https://siem.example.com/hook" });
        _ids["destinationId"] = destination.Destination.Id.ToString();
        _ids["destinationName"] = destination.Destination.Name;
        _ids["deadLetterId"] = (await AddDeadLetterAsync(destination.Destination.Id, findingId)).ToString();

        string[] granted = [ApiScopes.FindingsRead, ApiScopes.ExchangesRead, ApiScopes.RulesWrite];
        foreach (var policy in ApiScopes.All)
        {
            var scopes = granted.Where(s => s != policy).ToArray();
            var issued = await PostAsync<IssuedSecretResponse<ApiKeyItem>>("/api/v1/api-keys", new { name = $"without {policy}", scopes });
            _keysWithout[policy] = issued.Token;
        }
    }

    /// <summary>A dead letter as the dispatcher stores one after its last attempt.</summary>
    private async Task<Guid> AddDeadLetterAsync(Guid destinationId, Guid findingId)
    {
        await using var db = _f.Database.CreateDbContext(new Data.Tenancy.FixedTenantContext(Tenant.Tenant.Id));
        var letter = new Data.Entities.DeadLetter
        {
            Id = Guid.CreateVersion7(),
            TenantId = Tenant.Tenant.Id,
            DestinationId = destinationId,
            FindingId = findingId,
            Attempts = 6,
            FirstAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-2),
            FailedAt = DateTimeOffset.UtcNow,
            LastError = "503 Service Unavailable",
            Payload = "{\"class_uid\":2004," + "\"marker\":\"" + Marker + "\"}",
        };
        db.DeadLetters.Add(letter);
        await db.SaveChangesAsync();
        return letter.Id;
    }

    private async Task<T> GetAsync<T>(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(Web, TestContext.Current.CancellationToken))!;
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Web) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Web)!;
    }

    private const string CustomRule = """
        - rule: custom.walk_marker
          desc: The walk's marker sent to an LLM.
          condition: llm.prompt icontains "walk-marker"
          output: Walk marker from %k8s.pod
          severity: low
          category: pii
          examples:
            positive: ["walk-marker here"]
            negative: ["What is the weather?"]
        """;

    /// <summary>Stores exchanges with one finding each for a tenant, as the scanner worker would.</summary>
    internal sealed class Seeder(PipelineFixture f, TestTenant tenant)
    {
        public async Task<(Guid ExchangeId, Guid FindingId)> ExchangeAsync(string prompt)
        {
            var node = await tenant.AddNodeAsync(f.Database, $"seed-{Guid.NewGuid():N}");
            var exchange = SampleExchanges.ChatCompletion(prompt);
            var finding = new NewFinding("secret.aws_access_key_id", FindingCategory.Secret, FindingSeverity.High, "AWS key", "AKIA****", "llm.prompt", 1, 20);
            await new ExchangeWriter(f.Database.DataSource).WriteAsync(tenant.Message(node, exchange), [[finding]], CancellationToken.None);
            await using var db = f.Database.CreateDbContext(new Data.Tenancy.FixedTenantContext(tenant.Tenant.Id));
            var findingId = db.Findings.Where(x => x.ExchangeId == exchange.Id).Select(x => x.Id).Single();
            return (exchange.Id, findingId);
        }
    }
}
