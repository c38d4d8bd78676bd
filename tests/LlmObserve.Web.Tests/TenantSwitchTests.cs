using LlmObserve.Data.Entities;
using LlmObserve.Web.Identity;
using LlmObserve.Web.Tests.Seeding;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>The top bar's tenant switcher: a member sees the other tenant's data, never both; a non-member is refused.</summary>
public sealed class TenantSwitchTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task Switch_ToTheOtherTenant_ShowsItsFindingsAndNotTheFirstOnes()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "switcher", (world.A.Id, ConsoleRoles.Admin), (world.B.Id, ConsoleRoles.Viewer));
        var page = await _f.SignedInPageAsync(user);
        await page.GotoAsync("/findings");
        await AssertFindingsAsync(page, shown: world.FindingA, hidden: world.FindingB);
        Assert.Contains("admin", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);

        // The select submits itself on change (console.js); set it quietly and press the button, as without script.
        await page.Locator("#tenant-select").EvaluateAsync("(s, v) => { s.value = v; }", world.B.Id.ToString());
        await Browsing.NavigatesAsync(page, () => page.Locator("form.tenant-switcher button[type=submit]").ClickAsync());

        Assert.Equal("/findings", Browsing.PathOf(page));
        Assert.Equal(world.B.Id.ToString(), await page.InputValueAsync("#tenant-select"));
        Assert.Contains("viewer", await page.Locator("header .who").InnerTextAsync(), StringComparison.Ordinal);
        await AssertFindingsAsync(page, shown: world.FindingB, hidden: world.FindingA);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(world.MarkerA, html, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Switch_ToATenantTheUserIsNotAMemberOf_Is403_AndTheTenantIsUnchanged()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "forger", (world.A.Id, ConsoleRoles.Admin));
        var page = await _f.SignedInPageAsync(user);
        var fields = new Dictionary<string, string>(await Browsing.FormFieldsAsync(page, "#tenant-select"), StringComparer.Ordinal)
        {
            ["tenant"] = world.B.Id.ToString(),
        };
        Assert.True(fields.ContainsKey(Browsing.AntiforgeryField));

        var response = await Browsing.PostFormAsync(page, "/account/tenant", fields);

        Assert.Equal(403, response.Status);
        Assert.Contains("not a member", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(world.A.Id, (Guid?)(await _f.Database.RowAsync($"SELECT current_tenant_id FROM console_users WHERE id = '{user.Id}'"))!["current_tenant_id"]);
        await page.GotoAsync("/findings");
        await AssertFindingsAsync(page, shown: world.FindingA, hidden: world.FindingB);
        Assert.Equal(1, await page.Locator("#tenant-select option").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Switch_WithAForeignReturnUrl_StaysOnTheConsole()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "redirect", (world.A.Id, ConsoleRoles.Admin), (world.B.Id, ConsoleRoles.Viewer));
        var page = await _f.SignedInPageAsync(user);
        var fields = new Dictionary<string, string>(await Browsing.FormFieldsAsync(page, "#tenant-select"), StringComparer.Ordinal)
        {
            ["tenant"] = world.B.Id.ToString(),
            ["returnUrl"] = "//evil.example.net/",
        };

        var response = await Browsing.PostFormAsync(page, "/account/tenant", fields);

        Assert.Equal(302, response.Status);
        Assert.Equal("/", response.Headers["location"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FormOfTheOldTenant_PostedAfterASwitchInAnotherTab_IsRefused_AndActsOnNeitherTenant()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "two-tabs", (world.A.Id, ConsoleRoles.Admin), (world.B.Id, ConsoleRoles.Admin));
        var first = await _f.SignedInPageAsync(user);
        await first.GotoAsync("/api-keys");
        var name = $"old-tab-{Guid.NewGuid():N}"[..20];
        var fields = new Dictionary<string, string>(await Browsing.FormFieldsAsync(first, "[data-testid=api-key-name]"), StringComparer.Ordinal)
        {
            ["name"] = name,
            ["scopes"] = "findings:read",
        };

        // A second tab of the same browser (same cookie) switches to B.
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/findings");
        await second.Locator("#tenant-select").EvaluateAsync("(s, v) => { s.value = v; }", world.B.Id.ToString());
        await Browsing.NavigatesAsync(second, () => second.Locator("form.tenant-switcher button[type=submit]").ClickAsync());
        Assert.Equal(world.B.Id.ToString(), await second.InputValueAsync("#tenant-select"));

        // The first tab still shows A's form: posting it must not create a key in B (nor in A).
        var response = await Browsing.PostFormAsync(first, "/api-keys", fields);

        Assert.Equal(400, response.Status);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM api_keys WHERE name = '{name}'"));
        await first.Context.CloseAsync();
    }

    /// <summary>The findings list holds <paramref name="shown"/>'s row and not <paramref name="hidden"/>'s.</summary>
    private static async Task AssertFindingsAsync(IPage page, StoredFinding shown, StoredFinding hidden)
    {
        var table = page.Locator("[data-testid=findings-table]");
        await Assertions.Expect(table.Locator($"[data-testid=finding-row][data-finding-id=\"{shown.Id}\"]")).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator($"[data-finding-id=\"{hidden.Id}\"]").CountAsync());
    }
}
