using LlmObserve.IngestApi;
using LlmObserve.ScannerWorker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObserve.Testing;

/// <summary>
/// ingest-api or scanner-worker built exactly as in production and served by Kestrel on a free
/// loopback port, in this process.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<InProcessHost> StartIngestApiAsync(TestDatabase database, Uri amqpUri, params string[] settings) =>
        StartAsync(IngestApiApp.Build, database, amqpUri, settings);

    public static Task<InProcessHost> StartScannerWorkerAsync(TestDatabase database, Uri amqpUri, params string[] settings) =>
        StartAsync(ScannerWorkerApp.Build, database, amqpUri, settings);

    /// <summary>The command-line settings a host gets to talk to this run's database and virtual host.</summary>
    public static string[] Settings(TestDatabase database, Uri amqpUri, IEnumerable<string> extra) =>
    [
        "--urls=http://127.0.0.1:0",
        $"--Postgres:ConnectionString={database.ConnectionString}",
        $"--RabbitMq:Uri={amqpUri}",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];

    /// <summary>Any of our hosts (the console: <c>WebApp.Build</c>), built by <paramref name="build"/> with <see cref="Settings"/>.</summary>
    public static async Task<InProcessHost> StartAsync(Func<string[], WebApplication> build, TestDatabase database, Uri amqpUri, params string[] settings)
    {
        var app = build(Settings(database, amqpUri, settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new InProcessHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
