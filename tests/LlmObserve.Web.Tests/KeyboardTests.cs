namespace LlmObserve.Web.Tests;

/// <summary>The console without a mouse: the skip link comes first, and every page of the side nav is reachable by Tab and Enter.</summary>
public sealed class KeyboardTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task FirstTab_FocusesTheSkipLink_WhichMovesFocusToTheContent()
    {
        var world = await _f.WorldAsync();
        var page = await _f.SignedInPageAsync(world.AdminAViewerB);
        await page.GotoAsync("/findings");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));

        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TabbingThroughTheSideNav_ReachesRulesAndEnterOpensIt()
    {
        var world = await _f.WorldAsync();
        var page = await _f.SignedInPageAsync(world.ViewerA);
        await page.GotoAsync("/");

        // Tab until the Rules link has focus (the top bar's controls come first), then follow it.
        for (var i = 0; i < 20 && await page.EvaluateAsync<string>("document.activeElement.getAttribute('href') || ''") != "/rules"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("/rules", await page.EvaluateAsync<string>("document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/rules");
        Assert.Equal("Rules", (await page.Locator("h1").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }
}
