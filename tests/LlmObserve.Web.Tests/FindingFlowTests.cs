using LlmObserve.Web.Identity;
using LlmObserve.Web.Tests.Seeding;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>Acceptance: a finding arrives on the open findings list without a reload, and its evidence is highlighted on the exchange.</summary>
public sealed class FindingFlowTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task FindingsList_ShowsANewFindingWithin20Seconds_WithoutReloading()
    {
        var tenant = await SeededTenant.CreateAsync(_f);
        var user = await ConsoleUsers.CreateAsync(_f, "live", (tenant.Id, ConsoleRoles.Viewer));
        await tenant.NodeAsync();
        var page = await _f.SignedInPageAsync(user);
        await page.GotoAsync("/findings");
        var table = page.Locator("[data-testid=findings-table]");
        Assert.Equal(0, await table.Locator("tbody tr").CountAsync());
        await page.EvaluateAsync("() => { window.__sameDocument = 'still here'; }");

        var (_, findings) = await tenant.CaptureOneAsync(Exchanges.SecretPrompt("live"));

        // console.js prepends rows with the finding's id; a row drawn by the server would also carry data-testid=finding-row.
        var row = table.Locator($"tbody tr[data-finding-id=\"{findings[0].Id}\"]");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__sameDocument"));
        Assert.Contains("secret", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#live-status").InnerTextAsync()), "the live region announced nothing");
        Assert.True(await page.Locator("[data-live-empty]").IsHiddenAsync(), "the empty state stayed visible");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FindingPage_OpensItsExchange_WithTheEvidenceHighlighted()
    {
        var world = await _f.WorldAsync();
        var page = await _f.SignedInPageAsync(world.ViewerA);
        await page.GotoAsync("/findings");
        await Browsing.NavigatesAsync(page, () => page.Locator($"[data-testid=finding-row][data-finding-id=\"{world.FindingA.Id}\"] a").First.ClickAsync());
        Assert.Equal($"/findings/{world.FindingA.Id}", Browsing.PathOf(page));

        await Browsing.NavigatesAsync(page, () => page.Locator($"a[href^=\"/exchanges/{world.FindingA.ExchangeId}\"]").First.ClickAsync());

        Assert.Equal($"/exchanges/{world.FindingA.ExchangeId}", Browsing.PathOf(page));
        await Assertions.Expect(page.Locator("[data-testid=exchange-detail]")).ToBeVisibleAsync();
        var mark = page.Locator($"mark[data-testid=evidence][data-rule-id=\"{world.FindingA.RuleId}\"]");
        await Assertions.Expect(mark).ToHaveCountAsync(1);
        Assert.Equal(Exchanges.AwsKey, await mark.InnerTextAsync());
        Assert.True(await mark.IsVisibleAsync());
        Assert.Contains(world.MarkerA, await page.Locator("[data-testid=exchange-detail]").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ExchangePage_RendersCapturedMarkupAsText()
    {
        var tenant = await SeededTenant.CreateAsync(_f);
        var user = await ConsoleUsers.CreateAsync(_f, "xss", (tenant.Id, ConsoleRoles.Viewer));
        const string script = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
        var (exchange, _) = await tenant.CaptureOneAsync(Exchanges.SecretPrompt(script));
        var page = await _f.SignedInPageAsync(user);

        await page.GotoAsync($"/exchanges/{exchange.Id}");

        Assert.Contains(script, await page.Locator("[data-testid=exchange-detail]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Equal(0, await page.Locator("[data-testid=exchange-detail] img[src=x]").CountAsync());
        await page.Context.CloseAsync();
    }
}
