using LlmObserve.Web.Tests.Seeding;
using Microsoft.Playwright;

namespace LlmObserve.Web.Tests;

/// <summary>What the tests do in a page: sign in as a person does, and forge form posts the way an attacker would.</summary>
public static class Browsing
{
    /// <summary>The console's sign-in cookie.</summary>
    public const string AuthCookie = "llmo_console";

    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>Opens <c>/account/login</c>, fills <c>#email</c> and <c>#password</c>, submits, and waits for the next page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await NavigatesAsync(page, () => page.ClickAsync("form button[type=submit]"));
    }

    /// <summary>
    /// Runs <paramref name="action"/> (a click that posts a form, follows a link) and waits until the page holds the
    /// next document, also when it has the same URL: the old document's window carries a mark the new one lacks.
    /// </summary>
    public static async Task NavigatesAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { window.__llmoOldDocument = true; }");
        await action();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__llmoOldDocument !== true && document.readyState !== 'loading'"))
                {
                    return;
                }
            }
            catch (PlaywrightException)
            {
                // The old document went away during the check; the next one answers.
            }

            Assert.True(DateTime.UtcNow < deadline, $"no new page after 20 s on {page.Url}");
            await Task.Delay(50);
        }
    }

    public static Task SignInAsync(IPage page, ConsoleLogin user) => SignInAsync(page, user.Email, user.Password);

    /// <summary>A new page (own browser context) signed in as <paramref name="user"/>; fails the test when sign-in did not work.</summary>
    public static async Task<IPage> SignedInPageAsync(this ConsoleFixture fixture, ConsoleLogin user, int width = 1280, int height = 800)
    {
        var page = await fixture.NewPageAsync(width, height);
        await SignInAsync(page, user);
        Assert.True(await HasAuthCookieAsync(page), $"{user.Email} could not sign in; the page says: {await MainTextAsync(page)}");
        return page;
    }

    public static async Task<bool> HasAuthCookieAsync(IPage page) =>
        (await page.Context.CookiesAsync()).Any(c => c.Name.StartsWith(AuthCookie, StringComparison.Ordinal));

    /// <summary>The antiforgery token of the first form on the current page (the layout's sign-out form has one).</summary>
    public static async Task<string> AntiforgeryTokenAsync(IPage page)
    {
        var token = await page.Locator($"input[name={AntiforgeryField}]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {page.Url}");
        return token;
    }

    /// <summary>Every field of the form that holds <paramref name="selector"/>, as the browser would post it.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> FormFieldsAsync(IPage page, string selector) =>
        await page.Locator(selector).First.EvaluateAsync<Dictionary<string, string>>(
            "el => Object.fromEntries([...new FormData(el.form || el.closest('form'))].map(([k, v]) => [k, String(v)]))");

    /// <summary>
    /// Posts a form with the page's cookies (not through the page, so it is not navigated), without following
    /// redirects: what a forged request from a script would get.
    /// </summary>
    public static async Task<IAPIResponse> PostFormAsync(IPage page, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return await page.Context.APIRequest.PostAsync(path, new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
    }

    /// <summary>The text of the page's <c>main</c> element (or body), for failure messages and text checks.</summary>
    public static async Task<string> MainTextAsync(IPage page)
    {
        var main = page.Locator("main");
        return await main.CountAsync() > 0 ? await main.First.InnerTextAsync() : await page.Locator("body").InnerTextAsync();
    }

    /// <summary>The path of the page's current URL, e.g. <c>/account/login</c>.</summary>
    public static string PathOf(IPage page) => new Uri(page.Url).AbsolutePath;

    /// <summary>Goes to <paramref name="path"/> and returns the status of the document response.</summary>
    public static async Task<int> OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        return response.Status;
    }
}
