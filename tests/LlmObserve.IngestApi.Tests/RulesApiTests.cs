using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Administration;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Exchanges;
using LlmObserve.IngestApi.Auth;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>Per-tenant rules through the API: list, validate, dry-run, create, update, delete; scopes and tenant isolation.</summary>
public sealed class RulesApiTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string[] Writer = [ApiScopes.FindingsRead, ApiScopes.RulesWrite];

    private const string CustomRule = """
        - list: billing_words
          items: [invoice, refund]

        - rule: custom.billing_talk
          desc: Billing talk sent to an LLM.
          condition: llm.prompt icontains "invoice" or llm.prompt icontains "refund"
          output: Billing talk from %k8s.pod
          severity: low
          category: pii
          tags: [maturity_sandbox, LLM02]
          examples:
            positive: ["Please refund invoice 42"]
            negative: ["What is the weather?"]
        """;

    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task List_ShowsTheBuiltInPack()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);

        var rules = await SendAsync<List<RuleItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/rules", null, HttpStatusCode.OK);

        Assert.InRange(rules.Count, 30, 500);
        Assert.All(rules, r => Assert.Equal(("builtin", 0, true), (r.Origin, r.Version, r.Enabled)));
        Assert.Contains(rules, r => r.Id == "secret.cloud_credentials" && r.Severity == FindingSeverity.Critical);
    }

    [Fact]
    public async Task Validate_ABrokenRule_GivesEveryErrorWithLineAndColumn_AndStoresNothing()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Writer);
        const string broken = "- rule: custom.x\n  desc: d\n  condition: llm.promt contains \"a\" and llm.response regex \"(a+)+\"\n  output: o\n  severity: low\n  category: pii\n  severty: high\n";

        var result = await SendAsync<RuleValidation>(tenant.ApiKey, HttpMethod.Post, "/api/v1/rules/validate", new RuleYamlRequest(broken), HttpStatusCode.OK);
        using var create = await SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/rules", new RuleYamlRequest(broken));

        Assert.False(result.Valid);
        Assert.Contains(result.Errors, e => (e.File, e.Line, e.Column) == ("rule.yaml", 3, 14) && e.Message.StartsWith("unknown field 'llm.promt'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 3 && e.Message.Contains("catastrophic backtracking", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => (e.Line, e.Column) == (7, 3) && e.Message.Contains("unknown key 'severty'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("rule.yaml:3:14", await create.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM tenant_rules WHERE tenant_id = '{tenant.Tenant.Id}'"));
    }

    [Fact]
    public async Task DryRun_MatchesStoredExchangesOfTheTenantOnly()
    {
        var a = await TestTenant.CreateAsync(_f.Database, Writer);
        var b = await TestTenant.CreateAsync(_f.Database, Writer);
        var aIds = await SeedAsync(a, "Please refund invoice 42", "What is the weather?");
        await SeedAsync(b, "refund my invoice too");

        var result = await SendAsync<DryRunResult>(a.ApiKey, HttpMethod.Post, "/api/v1/rules/dry-run", new DryRunRequest(CustomRule, null, null), HttpStatusCode.OK);

        Assert.Equal((2, 1), (result.Scanned, result.Matched));
        var match = Assert.Single(result.Matches);
        Assert.Equal((aIds[0], "custom.billing_talk", "llm.prompt", 14, 7), (match.ExchangeId, match.RuleId, match.Location, match.EvidenceStart, match.EvidenceLength));
        Assert.Equal("Billing talk from invoice-bot-7d9f", match.Title);
    }

    [Fact]
    public async Task CreateUpdateDelete_ACustomRule_AndDisableABuiltInOne()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database, Writer);
        var other = await TestTenant.CreateAsync(_f.Database, Writer);

        var created = await SendAsync<RuleDetail>(tenant.ApiKey, HttpMethod.Post, "/api/v1/rules", new RuleYamlRequest(CustomRule), HttpStatusCode.Created);
        using var again = await SendAsync(tenant.ApiKey, HttpMethod.Post, "/api/v1/rules", new RuleYamlRequest(CustomRule));
        var disabled = await SendAsync<RuleDetail>(tenant.ApiKey, HttpMethod.Put, "/api/v1/rules/pii.email_address", new RuleUpdateRequest(null, false, null), HttpStatusCode.OK);
        using var stale = await SendAsync(tenant.ApiKey, HttpMethod.Put, "/api/v1/rules/custom.billing_talk", new RuleUpdateRequest(null, null, FindingSeverity.High), ifMatch: "7");
        var raised = await SendAsync<RuleDetail>(tenant.ApiKey, HttpMethod.Put, "/api/v1/rules/custom.billing_talk", new RuleUpdateRequest(null, null, FindingSeverity.High), HttpStatusCode.OK, ifMatch: "1");
        var list = await SendAsync<List<RuleItem>>(tenant.ApiKey, HttpMethod.Get, "/api/v1/rules", null, HttpStatusCode.OK);
        var otherList = await SendAsync<List<RuleItem>>(other.ApiKey, HttpMethod.Get, "/api/v1/rules", null, HttpStatusCode.OK);
        using var otherGet = await SendAsync(other.ApiKey, HttpMethod.Get, "/api/v1/rules/custom.billing_talk", null);
        using var otherDelete = await SendAsync(other.ApiKey, HttpMethod.Delete, "/api/v1/rules/custom.billing_talk", null);

        Assert.Equal(("custom.billing_talk", "custom", 1), (created.Rule.Id, created.Rule.Origin, created.Rule.Version));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal((false, "builtin_modified"), (disabled.Rule.Enabled, disabled.Rule.Origin));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((FindingSeverity.High, 2), (raised.Rule.Severity, raised.Rule.Version));
        Assert.Contains(list, r => r.Id == "custom.billing_talk");
        Assert.DoesNotContain(otherList, r => r.Id == "custom.billing_talk");
        Assert.True(otherList.Single(r => r.Id == "pii.email_address").Enabled);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (otherGet.StatusCode, otherDelete.StatusCode));

        using var deleted = await SendAsync(tenant.ApiKey, HttpMethod.Delete, "/api/v1/rules/custom.billing_talk", null);
        using var gone = await SendAsync(tenant.ApiKey, HttpMethod.Get, "/api/v1/rules/custom.billing_talk", null);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, gone.StatusCode));
    }

    [Theory]
    [InlineData("POST", "/api/v1/rules")]
    [InlineData("POST", "/api/v1/rules/validate")]
    [InlineData("POST", "/api/v1/rules/dry-run")]
    [InlineData("PUT", "/api/v1/rules/pii.email_address")]
    [InlineData("DELETE", "/api/v1/rules/pii.email_address")]
    public async Task Writes_WithoutTheRulesWriteScope_Are403_AndWithoutAKey401(string method, string path)
    {
        var reader = await TestTenant.CreateAsync(_f.Database);
        var body = method == "PUT" ? (object)new RuleUpdateRequest(null, false, null) : new DryRunRequest(CustomRule, null, null);

        using var forbidden = await SendAsync(reader.ApiKey, new HttpMethod(method), path, body);
        using var anonymous = await SendAsync(null, new HttpMethod(method), path, body);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (forbidden.StatusCode, anonymous.StatusCode));
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM tenant_rules WHERE tenant_id = '{reader.Tenant.Id}'"));
    }

    private async Task<List<Guid>> SeedAsync(TestTenant tenant, params string[] prompts)
    {
        var node = await tenant.AddNodeAsync(_f.Database, $"node-{Guid.NewGuid():N}");
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var exchanges = prompts.Select((p, i) => SampleExchanges.ChatCompletion(p, at: start.AddSeconds(i))).ToList();
        await new ExchangeWriter(_f.Database.DataSource).WriteAsync(tenant.Message(node, exchanges), [.. exchanges.Select(_ => Array.Empty<NewFinding>())], CancellationToken.None);
        return [.. exchanges.Select(e => e.Id)];
    }

    private async Task<T> SendAsync<T>(string apiKey, HttpMethod method, string path, object? body, HttpStatusCode expected, string? ifMatch = null)
    {
        using var response = await SendAsync(apiKey, method, path, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Web)!;
    }

    private Task<HttpResponseMessage> SendAsync(string? bearer, HttpMethod method, string path, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Web);
        }

        return _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
