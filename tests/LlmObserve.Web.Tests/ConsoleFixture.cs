using LlmObserve.Testing;
using LlmObserve.Web.Tests.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(LlmObserve.Web.Tests.ConsoleFixture))]

namespace LlmObserve.Web.Tests;

/// <summary>
/// Everything the browser tests share, started once per run: a migrated database and a virtual host of their
/// own, ingest-api and a scanner worker in-process (so captured traffic becomes findings as in production), the
/// console built by <see cref="WebApp.Build"/> on Kestrel, and one headless Debian Chromium driven by Playwright.
/// Each test opens its own <see cref="IBrowserContext"/> (cookies of its own). Missing infrastructure is
/// remembered, not thrown: tests call <see cref="Require"/> to skip (or fail under CI) with the reason.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium: Playwright's own browser builds are never downloaded.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly SemaphoreSlim _worldLock = new(1, 1);
    private string? _unavailable;
    private WebApplication? _console;
    private IPlaywright? _playwright;
    private ConsoleWorld? _world;

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public InProcessHost IngestApi { get; private set; } = null!;

    public InProcessHost ScannerWorker { get; private set; } = null!;

    /// <summary>The console's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri ConsoleUrl { get; private set; } = null!;

    /// <summary>The console's own services: Identity's user manager, its DbContexts.</summary>
    public IServiceProvider ConsoleServices => _console!.Services;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The errors the console logged, for failure messages.</summary>
    public ServerErrorLog ServerErrors { get; } = new();

    public CollectorClient Collector => new(IngestApi.Client);

    public async ValueTask InitializeAsync()
    {
        try
        {
            if (!File.Exists(ChromiumPath))
            {
                throw new InfrastructureUnavailableException($"{ChromiumPath} is missing: install Debian's chromium package.");
            }

            Database = await TestDatabase.CreateAsync();
            VirtualHost = await TestVirtualHost.CreateAsync();
            IngestApi = await InProcessHost.StartIngestApiAsync(Database, VirtualHost.AmqpUri);
            ScannerWorker = await InProcessHost.StartScannerWorkerAsync(Database, VirtualHost.AmqpUri);
            _console = WebApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                // Built, not published: wwwroot is served through LlmObserve.Web.staticwebassets.runtime.json (copied
                // next to the tests), which ASP.NET Core reads in Development only, as WebApplicationFactory does.
                // In Production the endpoints manifest alone answers 200 with an empty body.
                "--environment=Development",
                $"--Postgres:ConnectionString={Database.ConnectionString}",
                $"--Deploy:PublicIngestUrl={IngestApi.Client.BaseAddress}",
                "--Logging:LogLevel:Default=Warning",
            ]);
            _console.Services.GetRequiredService<ILoggerFactory>().AddProvider(ServerErrors);
            await _console.StartAsync();
            ConsoleUrl = new Uri(_console.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
            _playwright = await Playwright.CreateAsync();
            Browser = await LaunchAsync(_playwright);
        }
        catch (InfrastructureUnavailableException e)
        {
            _unavailable = e.Message;
        }
    }

    /// <summary>Skips the test (fails it under CI) when PostgreSQL, RabbitMQ or Chromium is missing.</summary>
    public ConsoleFixture Require()
    {
        if (_unavailable is not null)
        {
            TestEnvironment.Unavailable(_unavailable);
        }

        return this;
    }

    /// <summary>The shared tenants A and B with their users and findings, made on first use (read-only for tests).</summary>
    public async Task<ConsoleWorld> WorldAsync()
    {
        await _worldLock.WaitAsync();
        try
        {
            return _world ??= await ConsoleWorld.CreateAsync(this);
        }
        finally
        {
            _worldLock.Release();
        }
    }

    /// <summary>A fresh browser context (own cookies) at 1280×800 whose relative URLs go to the console, and a page in it.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ConsoleUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        try
        {
            return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        }
        catch (PlaywrightException e)
        {
            throw new InfrastructureUnavailableException($"Chromium at {ChromiumPath} does not start: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_console is not null)
        {
            await _console.StopAsync();
            await _console.DisposeAsync();
        }

        foreach (var host in new[] { ScannerWorker, IngestApi })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        _worldLock.Dispose();
    }
}
