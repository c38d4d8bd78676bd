using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Data.Paging;
using LlmObserve.Administration;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Exchanges;
using LlmObserve.IngestApi.Apis;
using LlmObserve.Testing;
using Npgsql;

namespace LlmObserve.IngestApi.Tests;

/// <summary>The findings feed for polling SIEMs (since + cursor), and the list's filters.</summary>
public sealed class FindingsFeedTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly PipelineFixture _f = fixture.Require();

    [Fact]
    public async Task Feed_PolledWhileFindingsAreInsertedConcurrently_ReturnsEveryFindingExactlyOnce()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await tenant.AddNodeAsync(_f.Database, "feed-node");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var anchor = (await WriteAsync(tenant, node, 1)).Single();
        var expected = new HashSet<Guid>(await FindingIdsAsync(tenant, anchor));

        // A transaction that takes its id first and commits last: its finding is older in commit
        // order than everything stored meanwhile, and must still be read once it commits.
        await using var slow = await _f.Database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var slowTransaction = await slow.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await ExecuteAsync(slow, "SELECT pg_current_xact_id()");

        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var written = new List<Guid>();
            for (var i = 0; i < 25; i++)
            {
                written.AddRange(await WriteAsync(tenant, node, 1 + (i % 4)));
            }

            return written;
        })).ToList();

        var seen = new List<Guid>();
        string? cursor = null;
        var slowFindingId = Guid.CreateVersion7();
        var slowCommitted = false;
        var polls = 0;
        while (true)
        {
            var page = await GetAsync<FeedResponse>(tenant.ApiKey,
                $"/api/v1/findings/feed?limit=7&{(cursor is null ? $"since={Uri.EscapeDataString(since.ToString("O"))}" : $"cursor={cursor}")}");
            seen.AddRange(page.Items.Select(f => f.Id));
            cursor = page.Next;
            polls++;
            await Task.Delay(25, TestContext.Current.CancellationToken); // a poller's pace, inside the key's rate limit
            if (!slowCommitted && writers.All(w => w.IsCompleted))
            {
                await ExecuteAsync(slow, $"""
                    INSERT INTO findings (id, tenant_id, cluster_id, exchange_id, captured_at, rule_id, category, severity, title, location)
                    SELECT '{slowFindingId}', tenant_id, cluster_id, id, captured_at, 'pii.email_address', 'pii', 2, 'late', 'llm.prompt'
                    FROM exchanges WHERE id = '{anchor}'
                    """);
                await slowTransaction.CommitAsync(TestContext.Current.CancellationToken);
                slowCommitted = true;
                expected.Add(slowFindingId);
                foreach (var writer in writers)
                {
                    foreach (var exchange in await writer)
                    {
                        expected.UnionWith(await FindingIdsAsync(tenant, exchange));
                    }
                }
            }
            else if (slowCommitted && page.Items.Count == 0)
            {
                break;
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Contains(slowFindingId, seen);
        Assert.True(polls > 10, $"only {polls} polls: the writers finished before the feed was read concurrently");
    }

    [Fact]
    public async Task Feed_FirstReadWithSince_DoesNotStartPastATransactionStillRunning()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await tenant.AddNodeAsync(_f.Database, "since-node");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var anchor = (await WriteAsync(tenant, node, 1)).Single();

        // Takes its transaction id now, before the findings below, and stores its own finding later.
        await using var early = await _f.Database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var earlyTransaction = await early.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await ExecuteAsync(early, "SELECT pg_current_xact_id()");
        var later = await WriteAsync(tenant, node, 1);

        var expected = (await FindingIdsAsync(tenant, anchor)).Concat(await FindingIdsAsync(tenant, later.Single())).ToList();
        await WaitUntilFeedCanSeeAsync($"exchange_id = '{anchor}'");
        var first = await GetAsync<FeedResponse>(tenant.ApiKey, $"/api/v1/findings/feed?since={Uri.EscapeDataString(since.ToString("O"))}");
        var lateId = Guid.CreateVersion7();
        await ExecuteAsync(early, $"""
            INSERT INTO findings (id, tenant_id, cluster_id, exchange_id, captured_at, rule_id, category, severity, title, location)
            SELECT '{lateId}', tenant_id, cluster_id, id, captured_at, 'pii.email_address', 'pii', 2, 'late', 'llm.prompt'
            FROM exchanges WHERE id = '{anchor}'
            """);
        await earlyTransaction.CommitAsync(TestContext.Current.CancellationToken);
        await WaitUntilFeedCanSeeAsync($"tenant_id = '{tenant.Tenant.Id}'");
        var second = await GetAsync<FeedResponse>(tenant.ApiKey, $"/api/v1/findings/feed?cursor={first.Next}");
        var third = await GetAsync<FeedResponse>(tenant.ApiKey, $"/api/v1/findings/feed?cursor={second.Next}");

        var seen = first.Items.Concat(second.Items).Concat(third.Items).Select(f => f.Id).ToList();
        Assert.Equal(expected.Append(lateId).Order(), seen.Order());
    }

    [Fact]
    public async Task Feed_BadCursorOrLimit_400()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var listCursor = new KeysetCursor(DateTimeOffset.UtcNow, Guid.NewGuid()).Encode();

        using var fromList = await SendAsync(tenant.ApiKey, $"/api/v1/findings/feed?cursor={listCursor}");
        using var limit = await SendAsync(tenant.ApiKey, "/api/v1/findings/feed?limit=0");
        using var format = await SendAsync(tenant.ApiKey, "/api/v1/findings/export?format=xml");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (fromList.StatusCode, limit.StatusCode, format.StatusCode));
        Assert.Contains("cursor", await fromList.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("ocsf", await format.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Filters_SelectExactlyTheMatchingFindings()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await tenant.AddNodeAsync(_f.Database, "filter-node");
        var rows = new (string Ns, string Pod, string Model, FindingSeverity Severity, string Category, string Rule)[]
        {
            ("payments", "api-1", "gpt-4o", FindingSeverity.Critical, FindingCategory.Secret, "secret.aws_access_key_id"),
            ("payments", "api-2", "gpt-4o-mini", FindingSeverity.Medium, FindingCategory.Pii, "pii.email_address"),
            ("search", "web-1", "gpt-4o", FindingSeverity.High, FindingCategory.PromptInjection, "prompt_injection.override"),
            ("search", "web-1", "gpt-4o", FindingSeverity.Low, FindingCategory.Pii, "pii.phone_number"),
        };
        foreach (var r in rows)
        {
            var sample = SampleExchanges.ChatCompletion("filter me");
            var exchange = sample with
            {
                Workload = sample.Workload with { Namespace = r.Ns, Pod = r.Pod },
                Llm = SampleExchanges.OpenAiChat with { Model = r.Model },
            };
            await new ExchangeWriter(_f.Database.DataSource).WriteAsync(tenant.Message(node, exchange),
                [[new NewFinding(r.Rule, r.Category, r.Severity, "t", null, "llm.prompt", null, null)]], CancellationToken.None);
        }

        async Task<string[]> RulesAsync(string query) =>
            [.. (await GetAsync<Page<FindingItem>>(tenant.ApiKey, $"/api/v1/findings?{query}")).Items.Select(f => f.RuleId).Order(StringComparer.Ordinal)];

        Assert.Equal(["prompt_injection.override", "secret.aws_access_key_id"], await RulesAsync("severity=high"));
        Assert.Equal(["pii.email_address", "pii.phone_number"], await RulesAsync("category=pii"));
        Assert.Equal(["pii.phone_number", "prompt_injection.override"], await RulesAsync("namespace=search"));
        Assert.Equal(["pii.email_address"], await RulesAsync("pod=api-2"));
        Assert.Equal(["pii.phone_number", "prompt_injection.override", "secret.aws_access_key_id"], await RulesAsync("model=gpt-4o&provider=openai"));
        Assert.Equal(["prompt_injection.override"], await RulesAsync("severity=medium&namespace=search&ruleId=prompt_injection.override"));
        Assert.Empty(await RulesAsync("provider=anthropic"));
        using var bad = await SendAsync(tenant.ApiKey, "/api/v1/findings?severity=urgent");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Export_Cef_OneLinePerFinding_WithTheNextCursorInAHeader()
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);
        var node = await tenant.AddNodeAsync(_f.Database, "export-node");
        await WriteAsync(tenant, node, 3);
        await WaitUntilFeedCanSeeAsync($"tenant_id = '{tenant.Tenant.Id}'");

        using var cef = await SendAsync(tenant.ApiKey, "/api/v1/findings/export?format=cef&limit=2");
        var lines = (await cef.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var next = cef.Headers.GetValues("LlmObserve-Next-Cursor").Single();
        using var rest = await SendAsync(tenant.ApiKey, $"/api/v1/findings/export?format={ExportFormats.Ocsf}&cursor={next}");
        var json = (await rest.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, cef.StatusCode);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("CEF:0|LlmObserve|", l, StringComparison.Ordinal));
        Assert.Equal("application/x-ndjson", rest.Content.Headers.ContentType?.MediaType);
        Assert.Equal([2004, 2004, 2004, 2004], json.Select(j => JsonDocument.Parse(j).RootElement.GetProperty("class_uid").GetInt32()));
    }

    /// <summary>Stores <paramref name="count"/> exchanges with two findings each, in one transaction; their ids.</summary>
    private async Task<List<Guid>> WriteAsync(TestTenant tenant, Node node, int count)
    {
        var exchanges = Enumerable.Range(0, count).Select(_ => SampleExchanges.ChatCompletion(SampleExchanges.AwsKeyPrompt)).ToList();
        var findings = new NewFinding[]
        {
            new("secret.aws_access_key_id", FindingCategory.Secret, FindingSeverity.High, "AWS key", "AKIA****", "llm.prompt", 0, 20),
            new("pii.email_address", FindingCategory.Pii, FindingSeverity.Medium, "Email", "a***@b.c", "llm.prompt", 30, 5),
        };
        await new ExchangeWriter(_f.Database.DataSource).WriteAsync(tenant.Message(node, exchanges), [.. exchanges.Select(_ => findings)], CancellationToken.None);
        return [.. exchanges.Select(e => e.Id)];
    }

    private async Task<List<Guid>> FindingIdsAsync(TestTenant tenant, Guid exchangeId)
    {
        await using var db = _f.Database.CreateDbContext(new Data.Tenancy.FixedTenantContext(tenant.Tenant.Id));
        return [.. db.Findings.Where(f => f.ExchangeId == exchangeId).Select(f => f.Id)];
    }

    /// <summary>
    /// Waits until every finding matching <paramref name="where"/> is below the feed's horizon. The horizon is the
    /// server's oldest running transaction, and other test runs share the server (their migrations hold
    /// transactions open for a moment): a SIEM would simply see them on its next poll.
    /// </summary>
    private async Task WaitUntilFeedCanSeeAsync(string where)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await _f.Database.CountAsync(
                   $"SELECT count(*) FROM findings WHERE {where} AND tx_id >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the feed's horizon did not pass the findings within 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<T> GetAsync<T>(string apiKey, string path)
    {
        using var response = await SendAsync(apiKey, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(Web, TestContext.Current.CancellationToken))!;
    }

    private Task<HttpResponseMessage> SendAsync(string apiKey, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
