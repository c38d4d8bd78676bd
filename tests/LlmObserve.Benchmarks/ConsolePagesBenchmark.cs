using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LlmObserve.Benchmarks.Reporting;
using LlmObserve.Testing;
using LlmObserve.Testing.Results;
using LlmObserve.Web;
using LlmObserve.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Benchmarks;

/// <summary>
/// The console on a large database: seeds <paramref name="exchanges"/> exchanges of one tenant (30 days,
/// 2 clusters, 20 namespaces, 8 models, one in ten with a finding; bodies only on the 20 opened
/// exchanges, a conversation of about 15 KiB each) plus a fifth as many of another tenant, signs in as a
/// console user over HTTP, and times whole page renders (server time to the last byte of HTML):
/// the exchanges list (first page, filtered, page 5) and exchange pages, each <paramref name="runs"/>
/// times after 5 warm-up runs.
/// </summary>
internal sealed partial class ConsolePagesBenchmark(int exchanges, int runs)
{
    private const double TargetMs = 500;
    private const string Password = "Bench-password-123";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var vhost = await TestVirtualHost.CreateAsync();
        var tenant = await TestTenant.CreateAsync(database);
        var other = await TestTenant.CreateAsync(database);
        Console.WriteLine(Invariant($"console pages benchmark: seeding {exchanges:N0} exchanges (+{exchanges / 5:N0} of another tenant) in {database.Name} …"));
        var seeding = Stopwatch.StartNew();
        await ConsoleSeed.ExchangesAsync(database, tenant.Tenant.Id, exchanges, cancellationToken);
        await ConsoleSeed.ExchangesAsync(database, other.Tenant.Id, exchanges / 5, cancellationToken);
        var opened = await ConsoleSeed.ConversationsAsync(database, tenant.Tenant.Id, 20, cancellationToken);
        var seedSeconds = seeding.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"seeded in {seeding.Elapsed.TotalSeconds:0} s: {await database.CountAsync("SELECT count(*) FROM exchanges"):N0} exchanges, {await database.CountAsync("SELECT count(*) FROM findings"):N0} findings"));

        // Pages only: the build output has no wwwroot (assets are served from the published folder), so say nothing about it.
        await using var web = await InProcessHost.StartAsync(WebApp.Build, database, vhost.AmqpUri, "--Logging:LogLevel:Microsoft.AspNetCore.StaticFiles=Error");
        await CreateUserAsync(web.Services, tenant.Tenant.Id, cancellationToken);
        using var client = await SignInAsync(web.Client.BaseAddress!, cancellationToken);

        var page5 = await CursorAfterPagesAsync(client, "/exchanges", 4, cancellationToken);
        var results = new List<(string Name, List<double> Times)>
        {
            ("exchanges list, first page", await TimeAsync(client, _ => "/exchanges", cancellationToken)),
            ("exchanges list, page 5 (cursor)", await TimeAsync(client, _ => $"/exchanges?cursor={page5}", cancellationToken)),
            ("exchanges list, namespace filter", await TimeAsync(client, i => $"/exchanges?namespace=ns-{i % 20}", cancellationToken)),
            ("exchanges list, model + has findings", await TimeAsync(client, _ => "/exchanges?model=gpt-4o&hasFindings=true", cancellationToken)),
            ("exchange page (15 KiB conversation)", await TimeAsync(client, i => $"/exchanges/{opened[i % opened.Count]}", cancellationToken)),
        };

        var table = new List<string> { $"{"page",-40} {"p50 ms",8} {"p95 ms",8} {"max ms",8}" };
        table.AddRange(results.Select(r => Invariant($"{r.Name,-40} {Percentile(r.Times, 50),8:0.0} {Percentile(r.Times, 95),8:0.0} {r.Times.Max(),8:0.0}")));
        table.ForEach(Console.WriteLine);

        var list = Percentile(results[0].Times, 95);
        var page = Percentile(results[^1].Times, 95);
        Console.WriteLine(Invariant($"over {exchanges:N0} exchanges: exchanges list p95 {list:0.0} ms, exchange page p95 {page:0.0} ms (target under {TargetMs} ms): {(list < TargetMs && page < TargetMs ? "MET" : "NOT MET")}"));
        Runs.Save(
            KnownRuns.ConsolePages,
            KnownRuns.CommandOf("console-pages", Invariant($"--exchanges {exchanges} --runs {runs}")),
            [
                Invariant($"A fresh database with {exchanges:N0} exchanges of the measured tenant (30 days, 2 clusters, 20 namespaces, 8 models, one in ten with a finding) and {exchanges / 5:N0} of another tenant; seeded in {seedSeconds:0} s."),
                Invariant($"Signed in as a console user over HTTP; whole page renders (server time to the last byte of HTML), each {runs} times after 5 warm-up renders:"),
                .. table.Select(l => "  " + l),
            ],
            [
                Targets.ExchangesListP95.Measured(list),
                Targets.ExchangePageP95.Measured(page),
                new("exchanges of the measured tenant", exchanges, "exchanges"),
                .. results.Skip(1).SkipLast(1).Select(r => new Figure(r.Name + " p95", Percentile(r.Times, 95), "ms")),
            ]);
        return 0;
    }

    private async Task<List<double>> TimeAsync(HttpClient client, Func<int, string> path, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 5; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path(i), cancellationToken);
            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK || !html.Contains("data-testid=\"exchange", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"GET {path(i)} gave {(int)response.StatusCode} without the exchanges page: {html[..Math.Min(html.Length, 300)]}");
            }

            if (i >= 5)
            {
                times.Add(elapsed);
            }
        }

        return times;
    }

    private static async Task CreateUserAsync(IServiceProvider services, Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = new ConsoleUser { Id = Guid.CreateVersion7(), UserName = "bench@example.com", Email = "bench@example.com", CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var identity = scope.ServiceProvider.GetRequiredService<ConsoleIdentityDbContext>();
        identity.Memberships.Add(new TenantMembership { UserId = user.Id, TenantId = tenantId, Role = ConsoleRoles.Viewer, CreatedAt = DateTimeOffset.UtcNow });
        await identity.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Signs in through the login form, as a browser does: its antiforgery token, then the post.</summary>
    private static async Task<HttpClient> SignInAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await client.GetStringAsync("/account/login", cancellationToken);
        var token = AntiforgeryField().Match(form).Groups["value"].Value;
        using var post = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = "bench@example.com",
            ["Input.Password"] = Password,
        }), cancellationToken);
        if (post.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)post.StatusCode}.");
        }

        return client;
    }

    private static async Task<string> CursorAfterPagesAsync(HttpClient client, string path, int pages, CancellationToken cancellationToken)
    {
        var next = path;
        for (var i = 0; i < pages; i++)
        {
            var html = await client.GetStringAsync(next, cancellationToken);
            next = WebUtility.HtmlDecode(NextLink().Match(html).Groups["href"].Value);
            if (next.Length == 0)
            {
                throw new InvalidOperationException("The exchanges list has no next-page link.");
            }
        }

        return QueryValue(next, "cursor");
    }

    private static string QueryValue(string url, string name) =>
        url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .Select(p => p.Split('=', 2)).First(p => p[0] == name)[1];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"", RegexOptions.None, 1000)]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("href=\"(?<href>/exchanges\\?[^\"]*cursor=[^\"]+)\"", RegexOptions.None, 1000)]
    private static partial Regex NextLink();

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
