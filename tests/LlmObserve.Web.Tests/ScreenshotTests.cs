using System.Buffers.Binary;
using LlmObserve.Testing;
using LlmObserve.Web.Tests.Seeding;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>
/// Pictures of the console with demo data, for the README: saved in <c>LLMOBSERVE_SCREENSHOTS_DIR</c> when set,
/// else in a temporary directory. Each must be a PNG of the viewport's size; the narrow overview must not
/// scroll sideways.
/// </summary>
public sealed class ScreenshotTests(ConsoleFixture fixture)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly ConsoleFixture _f = fixture.Require();

    [Fact]
    public async Task Screenshots_OfEveryMainPage_AreSaved_AndTheNarrowOverviewDoesNotOverflow()
    {
        var demo = await DemoData.CreateAsync(_f);
        var directory = TestEnvironment.Get("LLMOBSERVE_SCREENSHOTS_DIR") ?? Path.Combine(Path.GetTempPath(), $"llmobserve-screenshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var page = await _f.SignedInPageAsync(demo.Admin);
        var saved = new List<(string File, int Width, int Height)>();

        async Task ShootAsync(string file, string path, string? before = null)
        {
            await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => c.dataset.drawn)");
            if (before is not null)
            {
                await page.EvaluateAsync(before);
            }

            var target = Path.Combine(directory, file);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = target, Animations = ScreenshotAnimations.Disabled });
            saved.Add((target, 1280, 800));
        }

        await ShootAsync("overview.png", "/");
        await ShootAsync("findings.png", "/findings");
        await ShootAsync("exchange.png", $"/exchanges/{demo.CriticalFinding.ExchangeId}",
            "() => document.querySelector('mark[data-testid=evidence]').scrollIntoView({ block: 'center' })");
        Assert.Equal(1, await page.Locator($"mark[data-testid=evidence][data-rule-id=\"{demo.CriticalFinding.RuleId}\"]").CountAsync());
        await ShootAsync("clusters.png", "/clusters");
        await ShootAsync("cluster.png", $"/clusters/{demo.ProdCluster}");
        await ShootAsync("rules.png", "/rules");

        await page.GotoAsync("/onboarding");
        await page.FillAsync("[data-testid=cluster-name]", "prod-ap-southeast-1");
        await Browsing.NavigatesAsync(page, () => page.ClickAsync("[data-testid=create-cluster]"));
        await Browsing.NavigatesAsync(page, () => page.ClickAsync("[data-testid=create-token]"));
        Assert.Equal(1, await page.Locator("[data-testid=enrollment-token]").CountAsync());
        var onboarding = Path.Combine(directory, "onboarding.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = onboarding });
        saved.Add((onboarding, 1280, 800));
        await ShootAsync("api-keys.png", "/api-keys");

        var narrow = await _f.SignedInPageAsync(demo.Admin, width: 400, height: 800);
        await narrow.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        var narrowFile = Path.Combine(directory, "overview-narrow.png");
        await narrow.ScreenshotAsync(new PageScreenshotOptions { Path = narrowFile });
        saved.Add((narrowFile, 400, 800));
        var scrollWidth = await narrow.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

        TestContext.Current.SendDiagnosticMessage($"screenshots in {directory}");
        foreach (var (file, width, height) in saved)
        {
            AssertPng(file, width, height);
        }

        Assert.True(scrollWidth <= 404, $"the overview is {scrollWidth} px wide in a 400 px window: {await WidestAsync(narrow)}");
        await page.Context.CloseAsync();
        await narrow.Context.CloseAsync();
    }

    /// <summary>A PNG whose header says it is <paramref name="width"/>×<paramref name="height"/>, with more than a blank page's bytes.</summary>
    private static void AssertPng(string file, int width, int height)
    {
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 5_000, $"{file} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal((width, height), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
    }

    /// <summary>The elements that stick out of the window, to say what to fix.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 4)
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`)
            .join(', ')
        """);
}
