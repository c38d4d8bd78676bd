using LlmObserve.Web.Identity;
using LlmObserve.Web.Tests.Seeding;

namespace LlmObserve.Web.Tests;

/// <summary>The layout's form posts (sign-out, tenant switch) are refused without the antiforgery token, even with the user's cookie.</summary>
public sealed class AntiforgeryTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_Is400_AndTheUserStaysSignedIn()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "csrf-logout", (world.A.Id, ConsoleRoles.Viewer));
        var page = await _f.SignedInPageAsync(user);

        var response = await Browsing.PostFormAsync(page, "/account/logout", []);

        Assert.Equal(400, response.Status);
        Assert.True(await Browsing.HasAuthCookieAsync(page));
        await page.GotoAsync("/findings");
        Assert.Equal("/findings", Browsing.PathOf(page));
        Assert.Contains(user.Email, await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TenantSwitch_WithoutAntiforgeryToken_Is400_AndTheTenantIsUnchanged()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "csrf-switch", (world.A.Id, ConsoleRoles.Admin), (world.B.Id, ConsoleRoles.Viewer));
        var page = await _f.SignedInPageAsync(user);

        var response = await Browsing.PostFormAsync(page, "/account/tenant", [new("tenant", world.B.Id.ToString()), new("returnUrl", "/")]);

        Assert.Equal(400, response.Status);
        Assert.Equal(world.A.Id, await CurrentTenantAsync(user));
        await page.GotoAsync("/");
        Assert.Equal(world.A.Id.ToString(), await page.InputValueAsync("#tenant-select"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Logout_WithTheTokenFromThePage_SignsOut()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "logout-ok", (world.A.Id, ConsoleRoles.Viewer));
        var page = await _f.SignedInPageAsync(user);
        var token = await Browsing.AntiforgeryTokenAsync(page);

        var response = await Browsing.PostFormAsync(page, "/account/logout", [new(Browsing.AntiforgeryField, token)]);

        Assert.Equal(302, response.Status);
        Assert.Equal("/account/login", response.Headers["location"]);
        Assert.False(await Browsing.HasAuthCookieAsync(page));
        await page.Context.CloseAsync();
    }

    private async Task<Guid?> CurrentTenantAsync(ConsoleLogin user) =>
        (Guid?)(await _f.Database.RowAsync($"SELECT current_tenant_id FROM console_users WHERE id = '{user.Id}'"))!["current_tenant_id"];
}
