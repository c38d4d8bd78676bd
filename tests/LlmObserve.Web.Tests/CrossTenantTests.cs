using LlmObserve.Web.Tests.Seeding;

namespace LlmObserve.Web.Tests;

/// <summary>
/// Another tenant's ids in the URL are simply not found: status 404, the not-found text, and none of that
/// tenant's data in the HTML. The same URLs show the data to a member of the owning tenant, so a missing page
/// cannot pass for isolation.
/// </summary>
public sealed class CrossTenantTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    public static TheoryData<string> Targets => ["exchange", "finding", "cluster", "rule"];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task OtherTenantsId_IsNotFound_AndNothingOfItIsShown(string target)
    {
        var world = await _f.WorldAsync();
        var path = PathOf(world, target);
        var owner = await _f.SignedInPageAsync(world.AdminAViewerB);
        var stranger = await _f.SignedInPageAsync(world.AdminBOnly);

        var (ownerStatus, ownerHtml) = await GetAsync(owner, path);
        var (strangerStatus, strangerHtml) = await GetAsync(stranger, path);

        Assert.True(ownerStatus == 200, $"A's admin gets {ownerStatus} for {path}: {_f.ServerErrors.Describe()}");
        Assert.Contains(MarkerShownOn(world, target), ownerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.True(strangerStatus == 404, $"B's admin gets {strangerStatus} for {path}: {_f.ServerErrors.Describe()}");
        Assert.Contains("<h1>Not found</h1>", strangerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(world.MarkerA, strangerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Exchanges.AwsKey, strangerHtml, StringComparison.Ordinal);
        await owner.Context.CloseAsync();
        await stranger.Context.CloseAsync();
    }

    [Fact]
    public async Task LiveFindings_OfTheOtherTenant_AreNeverReturned()
    {
        var world = await _f.WorldAsync();
        var stranger = await _f.SignedInPageAsync(world.AdminBOnly);

        var response = await stranger.Context.APIRequest.GetAsync("/live/findings?after=" + LlmObserve.Data.Findings.FeedPosition.Start.Encode());
        var body = await response.TextAsync();

        Assert.Equal(200, response.Status);
        Assert.Contains(world.FindingB.Id.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain(world.FindingA.Id.ToString(), body, StringComparison.Ordinal);
        Assert.Equal(404, (await stranger.Context.APIRequest.GetAsync($"/live/clusters/{world.ClusterA}")).Status);
        Assert.Equal(400, (await stranger.Context.APIRequest.GetAsync("/live/findings?after=0.not%20a%20position")).Status);
        await stranger.Context.CloseAsync();
    }

    /// <summary>The page's status and HTML as the browser context's cookies get it (a navigation would hide an empty 404 behind Chromium's error page).</summary>
    private static async Task<(int Status, string Html)> GetAsync(Microsoft.Playwright.IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(path);
        return (response.Status, await response.TextAsync());
    }

    private static string PathOf(ConsoleWorld world, string target) => target switch
    {
        "exchange" => $"/exchanges/{world.FindingA.ExchangeId}",
        "finding" => $"/findings/{world.FindingA.Id}",
        "cluster" => $"/clusters/{world.ClusterA}",
        _ => $"/rules/{world.CustomRuleA}",
    };

    /// <summary>A's marker, on the page of each target as its owner sees it (the prompt, the cluster's name, the rule's description; the rule id for the finding).</summary>
    private static string MarkerShownOn(ConsoleWorld world, string target) => target switch
    {
        "finding" => world.FindingA.RuleId, // the finding page need not show the prompt
        _ => world.MarkerA,
    };
}
