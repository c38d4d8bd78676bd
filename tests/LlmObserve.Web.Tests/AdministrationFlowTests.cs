using System.Net;
using System.Net.Http.Headers;
using LlmObserve.Web.Identity;
using LlmObserve.Web.Tests.Seeding;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>Acceptance: an analyst disables a rule; an admin onboards a cluster up to its first heartbeat, and creates and revokes an API key.</summary>
public sealed class AdministrationFlowTests(ConsoleFixture fixture)
{
    private const string Rule = "pii.email_address";
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task Analyst_DisablesARule_AndItStaysDisabledAfterReload()
    {
        var tenant = await SeededTenant.CreateAsync(_f);
        var analyst = await ConsoleUsers.CreateAsync(_f, "analyst", (tenant.Id, ConsoleRoles.Analyst));
        var page = await _f.SignedInPageAsync(analyst);
        await page.GotoAsync("/rules");
        var row = page.Locator($"[data-testid=rule-row][data-rule-id=\"{Rule}\"]");
        Assert.Equal("enabled", (await row.Locator("[data-testid=rule-state]").InnerTextAsync()).Trim());

        await Browsing.NavigatesAsync(page, () => row.Locator("[data-testid=toggle-rule]").ClickAsync());

        Assert.Equal("disabled", (await row.Locator("[data-testid=rule-state]").InnerTextAsync()).Trim());
        await page.GotoAsync("/rules"); // a fresh GET: reloading would post the form again
        Assert.Equal("disabled", (await row.Locator("[data-testid=rule-state]").InnerTextAsync()).Trim());
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM tenant_rules WHERE tenant_id = '{tenant.Id}' AND rule_id = '{Rule}' AND NOT enabled"));
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM audit_events WHERE tenant_id = '{tenant.Id}' AND action = 'rule.update' AND actor_name = '{analyst.Email}'"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_OnboardsACluster_AndSeesItsFirstHeartbeatArrive()
    {
        var tenant = await SeededTenant.CreateAsync(_f);
        var admin = await ConsoleUsers.CreateAsync(_f, "onboard", (tenant.Id, ConsoleRoles.Admin));
        var page = await _f.SignedInPageAsync(admin);
        var name = $"edge-{Guid.NewGuid():N}"[..13];
        await page.GotoAsync("/onboarding");

        await page.FillAsync("[data-testid=cluster-name]", name);
        await Browsing.NavigatesAsync(page, () => page.ClickAsync("[data-testid=create-cluster]"));
        await Browsing.NavigatesAsync(page, () => page.ClickAsync("[data-testid=create-token]"));

        var token = (await page.Locator("[data-testid=enrollment-token] code").First.InnerTextAsync()).Trim();
        Assert.StartsWith("llmo_enroll_", token, StringComparison.Ordinal);
        var manifest = await page.Locator("[data-testid=deploy-manifest]").InnerTextAsync();
        Assert.Contains("kind: DaemonSet", manifest, StringComparison.Ordinal);
        Assert.Contains(_f.IngestApi.Client.BaseAddress!.Authority, manifest, StringComparison.Ordinal);
        var status = page.Locator("[data-testid=connection-status]");
        await Assertions.Expect(status).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bwaiting\b"));
        await page.EvaluateAsync("() => { window.__sameDocument = 'still here'; }");

        var node = await tenant.NodeAsync("edge-node-1", token);
        await tenant.HeartbeatAsync(node);

        await Assertions.Expect(status).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bok\b"), new() { Timeout = 15_000 });
        Assert.Contains("edge-node-1", await status.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__sameDocument"));
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM clusters WHERE tenant_id = '{tenant.Id}' AND name = '{name}' AND id = '{node.ClusterId}'"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_CreatesAnApiKey_ThatWorksUntilRevoked()
    {
        var tenant = await SeededTenant.CreateAsync(_f);
        var admin = await ConsoleUsers.CreateAsync(_f, "keys", (tenant.Id, ConsoleRoles.Admin));
        var page = await _f.SignedInPageAsync(admin);
        var name = $"siem-{Guid.NewGuid():N}"[..13];
        await page.GotoAsync("/api-keys");

        await page.FillAsync("[data-testid=api-key-name]", name);
        var scope = page.Locator("[data-testid=api-key-scope][data-scope=\"findings:read\"]");
        if (await scope.CountAsync() > 0)
        {
            await scope.CheckAsync();
        }

        await Browsing.NavigatesAsync(page, () => page.ClickAsync("[data-testid=create-api-key]"));
        var token = (await page.Locator("[data-testid=api-key-token] code").First.InnerTextAsync()).Trim();
        Assert.StartsWith("llmo_key_", token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await FindingsStatusAsync(token));

        await page.GotoAsync("/api-keys"); // a fresh GET: reloading would post the form again
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        var row = page.Locator($"[data-testid=api-key-row][data-key-name=\"{name}\"]");
        await Browsing.NavigatesAsync(page, () => row.Locator("[data-testid=revoke-api-key]").ClickAsync());

        Assert.Equal("revoked", (await row.Locator("[data-testid=api-key-status]").InnerTextAsync()).Trim().ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Unauthorized, await FindingsStatusAsync(token));
        await page.Context.CloseAsync();
    }

    private async Task<HttpStatusCode> FindingsStatusAsync(string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/findings") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) } };
        using var response = await _f.IngestApi.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
