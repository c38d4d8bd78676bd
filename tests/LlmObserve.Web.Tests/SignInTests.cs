using LlmObserve.Web.Identity;
using LlmObserve.Web.Tests.Seeding;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>Sign-in, sign-out and lockout through the login page, as a person uses them.</summary>
public sealed class SignInTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task SignIn_WrongPassword_ShowsOneMessageAndSetsNoCookie()
    {
        // A user of its own: a failed attempt updates the user row, and Identity's concurrency check would refuse a
        // parallel test's sign-in of a shared user at that moment.
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "wrong-password", (world.A.Id, ConsoleRoles.Viewer));
        var page = await _f.NewPageAsync();

        await Browsing.SignInAsync(page, user.Email, "not-the-password-at-all");

        Assert.Equal("/account/login", Browsing.PathOf(page));
        Assert.Equal(ConsoleAuthentication.SignInRefused, (await page.Locator("[role=alert]").InnerTextAsync()).Trim());
        Assert.False(await Browsing.HasAuthCookieAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_UnknownEmail_ShowsTheSameMessage()
    {
        await _f.WorldAsync();
        var page = await _f.NewPageAsync();

        await Browsing.SignInAsync(page, "nobody-here@example.com", ConsoleUsers.Password);

        Assert.Equal(ConsoleAuthentication.SignInRefused, (await page.Locator("[role=alert]").InnerTextAsync()).Trim());
        Assert.False(await Browsing.HasAuthCookieAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_GoodPassword_LandsOnOverviewWithTheUserInTheTopBar_AndSignOutEndsTheSession()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "signout", (world.A.Id, ConsoleRoles.Viewer));
        var page = await _f.NewPageAsync();

        await Browsing.SignInAsync(page, user);

        Assert.Equal("/", Browsing.PathOf(page));
        Assert.True(await Browsing.HasAuthCookieAsync(page));
        Assert.Contains(user.Email, await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);

        await Browsing.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync());

        Assert.Equal("/account/login", Browsing.PathOf(page));
        Assert.False(await Browsing.HasAuthCookieAsync(page));
        await page.GotoAsync("/findings");
        Assert.Equal("/account/login", Browsing.PathOf(page));
        Assert.Contains("ReturnUrl=%2Ffindings", page.Url, StringComparison.OrdinalIgnoreCase);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_FromAProtectedPage_ReturnsThere()
    {
        var world = await _f.WorldAsync();
        var page = await _f.NewPageAsync();
        await page.GotoAsync("/rules");
        Assert.Equal("/account/login", Browsing.PathOf(page));

        await page.FillAsync("#email", world.ViewerA.Email);
        await page.FillAsync("#password", world.ViewerA.Password);
        await Browsing.NavigatesAsync(page, () => page.ClickAsync("form button[type=submit]"));

        Assert.Equal("/rules", Browsing.PathOf(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WithAReturnUrlToAnotherSite_StaysOnTheConsole()
    {
        var world = await _f.WorldAsync();
        var page = await _f.NewPageAsync();

        await page.GotoAsync("/account/login?ReturnUrl=%2F%2Fevil.example.net%2Fx");
        await page.FillAsync("#email", world.ViewerA.Email);
        await page.FillAsync("#password", world.ViewerA.Password);
        await Browsing.NavigatesAsync(page, () => page.ClickAsync("form button[type=submit]"));

        Assert.Equal(new Uri(_f.ConsoleUrl, "/").ToString(), page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LockTheAccount_SoTheRightOneIsRefused()
    {
        var world = await _f.WorldAsync();
        var user = await ConsoleUsers.CreateAsync(_f, "lockout", (world.A.Id, ConsoleRoles.Viewer));
        var page = await _f.NewPageAsync();

        for (var i = 0; i < 5; i++)
        {
            await Browsing.SignInAsync(page, user.Email, $"wrong-password-{i}");
        }

        await Browsing.SignInAsync(page, user);

        Assert.Equal("/account/login", Browsing.PathOf(page));
        // The same answer as a wrong password: the page does not tell that this account exists.
        Assert.Equal(ConsoleAuthentication.SignInRefused, (await page.Locator("[role=alert]").InnerTextAsync()).Trim());
        Assert.False(await Browsing.HasAuthCookieAsync(page));
        Assert.Equal(1, await _f.Database.CountAsync($"SELECT count(*) FROM console_users WHERE id = '{user.Id}' AND lockout_end > now()"));
        await page.Context.CloseAsync();
    }
}
