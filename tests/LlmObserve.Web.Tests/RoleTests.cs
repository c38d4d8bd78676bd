using LlmObserve.Web.Identity;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>
/// What a viewer may not do: open the administration pages, or post their forms (taken from an admin's page,
/// with the viewer's own antiforgery token). A refused post changes nothing in the database.
/// </summary>
public sealed class RoleTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Theory]
    [InlineData("/onboarding")]
    [InlineData("/api-keys")]
    [InlineData("/audit")]
    public async Task Viewer_OpeningAnAdminPage_GetsNotAllowed(string path)
    {
        var world = await _f.WorldAsync();
        var page = await _f.SignedInPageAsync(world.ViewerA);

        await page.GotoAsync(path);

        Assert.Equal("/account/denied", Browsing.PathOf(page));
        Assert.Equal("Not allowed", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SideNav_HasNoAdministrationLinks_ButAdminsDo()
    {
        var world = await _f.WorldAsync();
        var viewer = await _f.SignedInPageAsync(world.ViewerA);
        var admin = await _f.SignedInPageAsync(world.AdminAViewerB);

        var viewerLinks = await NavLinksAsync(viewer);
        var adminLinks = await NavLinksAsync(admin);

        Assert.Equal(["/", "/findings", "/exchanges", "/clusters", "/rules"], viewerLinks);
        Assert.Equal(["/", "/findings", "/exchanges", "/clusters", "/rules", "/onboarding", "/api-keys", "/audit"], adminLinks);
        Assert.DoesNotContain("Administration", await viewer.Locator("nav.sidenav").InnerTextAsync(), StringComparison.Ordinal);
        await viewer.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_PostingTheCreateClusterForm_IsRefused_AndNoClusterIsMade()
    {
        var world = await _f.WorldAsync();
        var name = $"forged-{Guid.NewGuid():N}"[..20];
        var (viewer, fields, field) = await FormOfAdminAsync("/onboarding", "[data-testid=cluster-name]", world.AdminAViewerB, world.ViewerA);
        fields[field!] = name;

        var response = await Browsing.PostFormAsync(viewer, "/onboarding", fields);

        AssertRefused(response);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM clusters WHERE name = '{name}'"));
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_PostingTheCreateApiKeyForm_IsRefused_AndNoKeyIsMade()
    {
        var world = await _f.WorldAsync();
        var name = $"forged-{Guid.NewGuid():N}"[..20];
        var (viewer, fields, field) = await FormOfAdminAsync("/api-keys", "[data-testid=api-key-name]", world.AdminAViewerB, world.ViewerA);
        fields[field!] = name;

        var response = await Browsing.PostFormAsync(viewer, "/api-keys", fields);

        AssertRefused(response);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM api_keys WHERE name = '{name}'"));
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_PostingTheRuleToggle_IsRefusedWith403_AndTheRuleStaysEnabled()
    {
        var world = await _f.WorldAsync();
        const string rule = "secret.cloud_credentials";
        var row = $"[data-testid=rule-row][data-rule-id=\"{rule}\"] [data-testid=toggle-rule]";
        var (viewer, fields, _) = await FormOfAdminAsync("/rules", row, world.AnalystA, world.ViewerA);

        var response = await Browsing.PostFormAsync(viewer, "/rules", fields);

        Assert.Equal(403, response.Status);
        Assert.Equal(0, await _f.Database.CountAsync($"SELECT count(*) FROM tenant_rules WHERE tenant_id = '{world.A.Id}' AND rule_id = '{rule}'"));
        await viewer.GotoAsync("/rules");
        Assert.Equal("enabled", (await viewer.Locator($"[data-testid=rule-row][data-rule-id=\"{rule}\"] [data-testid=rule-state]").InnerTextAsync()).Trim());
        await viewer.Context.CloseAsync();
    }

    /// <summary>
    /// The fields of the form holding <paramref name="selector"/> on <paramref name="path"/> as <paramref name="owner"/>
    /// sees it (and the name of that element, when it is a field), with the antiforgery token replaced by the one
    /// <paramref name="forger"/>'s own page carries.
    /// </summary>
    private async Task<(IPage Forger, Dictionary<string, string> Fields, string? Field)> FormOfAdminAsync(
        string path, string selector, Seeding.ConsoleLogin owner, Seeding.ConsoleLogin forger)
    {
        var ownerPage = await _f.SignedInPageAsync(owner);
        await ownerPage.GotoAsync(path);
        var fields = new Dictionary<string, string>(await Browsing.FormFieldsAsync(ownerPage, selector), StringComparer.Ordinal);
        var field = await ownerPage.Locator(selector).First.GetAttributeAsync("name");
        var button = ownerPage.Locator(selector).First;
        if (await button.EvaluateAsync<bool>("el => el.tagName === 'BUTTON' && !!el.name"))
        {
            fields[field!] = await button.GetAttributeAsync("value") ?? "";
        }

        await ownerPage.Context.CloseAsync();
        var forgerPage = await _f.SignedInPageAsync(forger);
        fields[Browsing.AntiforgeryField] = await Browsing.AntiforgeryTokenAsync(forgerPage);
        return (forgerPage, fields, field);
    }

    /// <summary>Refused: 403, or the redirect to the "Not allowed" page.</summary>
    private static void AssertRefused(IAPIResponse response)
    {
        var location = response.Headers.GetValueOrDefault("location") ?? "";
        Assert.True(
            response.Status == 403 || (response.Status == 302 && location.Contains("/account/denied", StringComparison.Ordinal)),
            $"expected 403 or a redirect to /account/denied, got {response.Status} {location}");
    }

    private static async Task<string[]> NavLinksAsync(IPage page) =>
        [.. (await page.Locator("nav.sidenav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))];
}
