using System.Net;
using System.Text.RegularExpressions;
using LlmObserve.Data.Security;
using LlmObserve.Testing;

namespace LlmObserve.IngestApi.Tests;

/// <summary>The admin command line, run as the real executable against a real database.</summary>
public sealed partial class AdminCommandTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _f = fixture.Require();

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        HostProcess.RunAsync("LlmObserve.IngestApi",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Postgres__ConnectionString"] = _f.Database.ConnectionString }, args);

    [Fact]
    public async Task Admin_CreateTenantClusterTokenAndKey_PrintsSecretsOnceAndStoresThemHashed()
    {
        var tenant = $"acme-{Guid.NewGuid():N}";

        var created = await RunAsync("admin", "tenant", "create", "--name", tenant);
        var cluster = await RunAsync("admin", "cluster", "create", "--tenant", tenant, "--name", "prod");
        var token = await RunAsync("admin", "enrollment-token", "create", "--tenant", tenant, "--cluster", "prod", "--ttl", "2h", "--max-uses", "5");
        var key = await RunAsync("admin", "api-key", "create", "--tenant", tenant, "--name", "splunk", "--scope", "findings:read");

        Assert.All([created, cluster, token, key], r => Assert.Equal(0, r.ExitCode));
        var enrollmentToken = EnrollmentToken().Match(token.Output).Value;
        var apiKey = ApiKey().Match(key.Output).Value;
        Assert.NotEmpty(enrollmentToken);
        Assert.NotEmpty(apiKey);
        Assert.Equal(1, await _f.Database.CountAsync(
            $"SELECT count(*) FROM enrollment_tokens WHERE secret_hash = '\\x{Convert.ToHexString(IssuedSecret.Hash(enrollmentToken))}' AND max_uses = 5 AND expires_at > now() + interval '119 minutes'"));
        Assert.Equal(1, await _f.Database.CountAsync(
            $"SELECT count(*) FROM api_keys WHERE secret_hash = '\\x{Convert.ToHexString(IssuedSecret.Hash(apiKey))}' AND scopes = '{{findings:read}}'"));
        Assert.Equal(0, await _f.Database.CountAsync(
            $"SELECT (SELECT count(*) FROM enrollment_tokens t WHERE position('{enrollmentToken}' in t::text) > 0) + (SELECT count(*) FROM api_keys k WHERE position('{apiKey}' in k::text) > 0)"));

        // The printed secrets work.
        var node = await _f.Collector.EnrollAsync(enrollmentToken, "node-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/findings") { Headers = { Authorization = new("Bearer", apiKey) } };
        using var findings = await _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, findings.StatusCode);
        Assert.StartsWith(IssuedSecret.NodeCredentialPrefix, node.NodeCredential, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No tenant 'nope'", "admin", "cluster", "create", "--tenant", "nope", "--name", "x")]
    [InlineData("Unknown scope(s) root", "admin", "api-key", "create", "--tenant", "{tenant}", "--name", "k", "--scope", "root")]
    [InlineData("--ttl 'soon' is not a duration", "admin", "enrollment-token", "create", "--tenant", "{tenant}", "--cluster", "prod-eu-1", "--ttl", "soon")]
    [InlineData("an item with that name already exists", "admin", "cluster", "create", "--tenant", "{tenant}", "--name", "prod-eu-1")]
    public async Task Admin_BadInput_ExitsWithOneClearLine(string message, params string[] args)
    {
        var tenant = await TestTenant.CreateAsync(_f.Database);

        var (exitCode, output) = await RunAsync([.. args.Select(a => a.Replace("{tenant}", tenant.Tenant.Name, StringComparison.Ordinal))]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {message}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RunTwiceWithItsOwnOutput_KeepsTheSameSecrets()
    {
        var envFile = Path.GetTempFileName();
        try
        {
            var first = await RunAsync("admin", "demo", "--api-url", "http://127.0.0.1:5180", "--reuse", envFile);
            await File.WriteAllTextAsync(envFile, first.Output, TestContext.Current.CancellationToken);
            var second = await RunAsync("admin", "demo", "--api-url", "http://127.0.0.1:5180", "--reuse", envFile);

            Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
            Assert.Contains("LLMOBSERVE_API_KEY=llmo_key_", first.Output, StringComparison.Ordinal);
            Assert.Contains("LLMOBSERVE_ENROLLMENT_TOKEN=llmo_enroll_", first.Output, StringComparison.Ordinal);
            Assert.Equal(first.Output, second.Output);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    [GeneratedRegex(@"llmo_enroll_[A-Za-z0-9_-]{43}")]
    private static partial Regex EnrollmentToken();

    [GeneratedRegex(@"llmo_key_[A-Za-z0-9_-]{43}")]
    private static partial Regex ApiKey();
}
