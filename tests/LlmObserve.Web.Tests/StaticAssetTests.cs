using System.Net;

namespace LlmObserve.Web.Tests;

/// <summary>The console's stylesheet, script and vendored Chart.js are served when it is hosted from the test's bin.</summary>
public sealed class StaticAssetTests(ConsoleFixture fixture)
{
    private readonly ConsoleFixture _f = fixture.Require();

    [Theory]
    [InlineData("/css/console.css", "text/css")]
    [InlineData("/js/console.js", "text/javascript")]
    [InlineData("/lib/chart.js/chart.umd.js", "text/javascript")]
    public async Task Asset_IsServedWithoutSigningIn(string path, string contentType)
    {
        using var http = new HttpClient { BaseAddress = _f.ConsoleUrl };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 100);
    }

    [Fact]
    public async Task LoginPage_LoadsItsStylesheetAndScripts()
    {
        var page = await _f.NewPageAsync();
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("/account/login");
        var chartLoaded = await page.EvaluateAsync<bool>("() => typeof window.Chart === 'function'");
        var styled = await page.EvaluateAsync<int>("() => document.styleSheets.length");

        Assert.Empty(failed);
        Assert.True(chartLoaded, "Chart.js did not load");
        Assert.True(styled >= 1, "no stylesheet applied");
        await page.Context.CloseAsync();
    }
}
