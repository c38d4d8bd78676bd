using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Exchanges;
using LlmObserve.Data.Tenancy;
using LlmObserve.Testing;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Data.Tests;

public sealed class ExchangeWriterTests
{
    private static readonly NewFinding AwsKey = new("secret.aws_access_key_id", FindingCategory.Secret, FindingSeverity.High, "AWS key", "AKIA****", "request.body", 10, 20);

    [Fact]
    public async Task WriteAsync_SameMessageTwice_StoresEachExchangeAndFindingOnce()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var message = tenant.Message(node, Enumerable.Range(0, 50).Select(i => SampleExchanges.ChatCompletion($"prompt {i}")));
        IReadOnlyList<NewFinding>[] findings = [.. message.Exchanges.Select((_, i) => i % 5 == 0 ? new[] { AwsKey } : [])];
        var writer = new ExchangeWriter(database.DataSource);

        var first = await writer.WriteAsync(message, findings, TestContext.Current.CancellationToken);
        var second = await writer.WriteAsync(message, findings, TestContext.Current.CancellationToken);

        Assert.Equal((50, 0), (first, second));
        Assert.Equal(50, await database.CountAsync("SELECT count(*) FROM exchanges"));
        Assert.Equal(10, await database.CountAsync("SELECT count(*) FROM findings"));
    }

    [Fact]
    public async Task WriteAsync_OverlappingConcurrentDeliveries_StoreEachExchangeOnce()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var exchanges = Enumerable.Range(0, 40).Select(i => SampleExchanges.ChatCompletion($"prompt {i}")).ToList();
        var writer = new ExchangeWriter(database.DataSource);

        // Four deliveries of overlapping halves, at once (a redelivery racing the original).
        var stored = await Task.WhenAll(Enumerable.Range(0, 4).Select(k => Task.Run(() =>
        {
            var part = exchanges.Skip(k % 2 * 20).Take(30).ToList();
            return writer.WriteAsync(tenant.Message(node, part), [.. part.Select(_ => new[] { AwsKey })], CancellationToken.None);
        })));

        Assert.Equal(40, stored.Sum());
        Assert.Equal(40, await database.CountAsync("SELECT count(*) FROM exchanges"));
        Assert.Equal(40, await database.CountAsync("SELECT count(*) FROM findings"));
    }

    [Fact]
    public async Task WriteAsync_StoresWhatWasCaptured()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var captured = SampleExchanges.ChatCompletion("héllo 👋 wörld") with { Streamed = true };
        var message = tenant.Message(node, captured);

        await new ExchangeWriter(database.DataSource).WriteAsync(message, [[AwsKey]], TestContext.Current.CancellationToken);

        await using var db = database.CreateDbContext(new FixedTenantContext(tenant.Tenant.Id));
        var stored = await db.Exchanges.Include(e => e.Findings).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(captured.Id, stored.Id);
        Assert.Equal(captured.CapturedAt.UtcTicks / 10, stored.CapturedAt.UtcTicks / 10); // PostgreSQL keeps microseconds
        Assert.Equal(message.CorrelationId, stored.CorrelationId);
        Assert.Equal(("openssl_uprobe", "payments", "invoice-bot-7d9f", "api.openai.com"), (stored.Source, stored.Namespace, stored.Pod, stored.ServerName));
        Assert.Equal(captured.Request.Body, stored.RequestBody);
        Assert.Equal(captured.Response!.Body, stored.ResponseBody);
        Assert.Contains("[REDACTED fp=3f9a1c]", stored.RequestHeaders, StringComparison.Ordinal);
        Assert.True(stored.Streamed);
        Assert.Equal(1, stored.FindingCount);
        Assert.Equal(AwsKey.RuleId, Assert.Single(stored.Findings).RuleId);
        Assert.True(stored.StoredAt >= stored.ReceivedAt);
        Assert.Equal(("openai", "chat_completions", "gpt-4o-mini"), (stored.LlmProvider, stored.LlmEndpoint, stored.LlmModel));
    }

    [Fact]
    public async Task WriteAsync_ExchangeWithoutLlmCall_StoresNullsBesideOneWithIt()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var recognized = SampleExchanges.ChatCompletion("a") with { Llm = new() { Provider = "anthropic", Endpoint = "messages" } };
        var older = SampleExchanges.ChatCompletion("b") with { Llm = null };

        await new ExchangeWriter(database.DataSource).WriteAsync(tenant.Message(node, recognized, older), [[], []], TestContext.Current.CancellationToken);

        var first = await database.RowAsync($"SELECT llm_provider, llm_endpoint, llm_model FROM exchanges WHERE id = '{recognized.Id}'");
        var second = await database.RowAsync($"SELECT llm_provider, llm_endpoint, llm_model FROM exchanges WHERE id = '{older.Id}'");
        Assert.Equal<(object?, object?, object?)>(("anthropic", "messages", null), (first!["llm_provider"], first["llm_endpoint"], first["llm_model"]));
        Assert.Equal<(object?, object?, object?)>((null, null, null), (second!["llm_provider"], second["llm_endpoint"], second["llm_model"]));
    }

    [Fact]
    public async Task Schema_LlmEndpointWithoutProvider_IsRefused()
    {
        await using var database = await TestEnvironment.RequireAsync(() => TestDatabase.CreateAsync());
        var tenant = await TestTenant.CreateAsync(database);
        var node = await tenant.AddNodeAsync(database);
        var exchange = SampleExchanges.ChatCompletion("a");
        await new ExchangeWriter(database.DataSource).WriteAsync(tenant.Message(node, exchange), [[]], TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            database.CountAsync($"WITH u AS (UPDATE exchanges SET llm_provider = NULL WHERE id = '{exchange.Id}' RETURNING 1) SELECT count(*) FROM u"));

        Assert.Equal("ck_exchanges_llm_provider_endpoint", e.ConstraintName);
    }
}
