using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;
using LlmObserve.Testing;
using Microsoft.Extensions.Logging;

// The collector runs on Linux only; its tests check Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace LlmObserve.Collector.Shipping.Tests;

/// <summary>One pipeline (ingest-api, scanner-worker, PostgreSQL, RabbitMQ) for every shipping test: each test has its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class ShippingTests : ICollectionFixture<FullPipelineFixture>
{
    public const string Name = "Shipping";
}

/// <summary>A state directory of its own, a log to read, and short intervals so each test takes seconds.</summary>
internal sealed class ShippingTestBed : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("llmo-shipping-");

    public ShippingTestBed(FullPipelineFixture fixture) => Fixture = fixture;

    public FullPipelineFixture Fixture { get; }

    /// <summary>Not created yet: the shipper must create it (mode 0700).</summary>
    public string StateDirectory => Path.Combine(_root.FullName, "state");

    public string SpoolDirectory => Path.Combine(StateDirectory, "spool");

    public CapturingLogger Log { get; } = new();

    public int HeartbeatsBuilt;

    public ShippingOptions Options(Uri ingestUrl, string? token, Action<ShippingOptions>? configure = null)
    {
        var options = Defaults(ingestUrl, token);
        configure?.Invoke(options);
        return options;
    }

    private ShippingOptions Defaults(Uri ingestUrl, string? token) => new()
    {
        IngestUrl = ingestUrl,
        EnrollmentToken = token,
        NodeName = "node-1",
        StateDirectory = StateDirectory,
        MaxBatchDelay = TimeSpan.FromMilliseconds(50),
        RetryBackoffMin = TimeSpan.FromMilliseconds(50),
        RetryBackoffMax = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(10),
        CollectorVersion = "0.1.0-test",
        KernelVersion = "6.1.0-test",
    };

    public async Task<ExchangeShipper> StartAsync(ShippingOptions options)
    {
        var shipper = new ExchangeShipper(options, Heartbeat, Log);
        await shipper.StartAsync(TestContext.Current.CancellationToken);
        return shipper;
    }

    public NodeHeartbeat Heartbeat()
    {
        Interlocked.Increment(ref HeartbeatsBuilt);
        return new NodeHeartbeat { CollectorVersion = "0.1.0-test", KernelVersion = "6.1.0-test", StartedAt = DateTimeOffset.UtcNow };
    }

    /// <summary>Batch files in the spool and the exchanges they hold (from their names).</summary>
    public (int Files, int Exchanges) Spooled()
    {
        var files = Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory, "*.batch") : [];
        return (files.Length, files.Sum(f => int.Parse(Path.GetFileNameWithoutExtension(f).Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Task<long> StoredAsync(TestTenant tenant, IEnumerable<CapturedExchange> exchanges) =>
        Fixture.Database.CountAsync($"SELECT count(*) FROM exchanges WHERE tenant_id = '{tenant.Tenant.Id}' AND id IN ({string.Join(',', exchanges.Select(e => $"'{e.Id}'"))})");

    public Task<long> StoredAsync(TestTenant tenant) =>
        Fixture.Database.CountAsync($"SELECT count(*) FROM exchanges WHERE tenant_id = '{tenant.Tenant.Id}'");

    /// <summary>Waits until the tenant has exactly the given exchanges stored, then checks nothing else arrives.</summary>
    public async Task AssertStoredExactlyAsync(TestTenant tenant, IReadOnlyCollection<CapturedExchange> exchanges, TimeSpan timeout)
    {
        await Eventually.UntilAsync(async () => await StoredAsync(tenant, exchanges) == exchanges.Count, timeout, $"{exchanges.Count} exchanges stored");
        Assert.Equal(exchanges.Count, await StoredAsync(tenant));
    }

    public static IReadOnlyList<CapturedExchange> Exchanges(int count, string node = "node-1", int promptChars = 0) =>
        [.. Enumerable.Range(0, count).Select(i => SampleExchanges.ChatCompletion(promptChars == 0 ? $"question {i}" : Noise(promptChars), node))];

    /// <summary>Text that gzip cannot shrink much, so file sizes are predictable.</summary>
    public static string Noise(int chars) => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(chars / 2));

    /// <summary>A loopback port nothing listens on (until a test starts ingest-api there).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Uri Loopback(int port) => new($"http://127.0.0.1:{port}/");

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}

/// <summary>Keeps every log entry of the shipper, for assertions on what operators would read.</summary>
internal sealed class CapturingLogger : ILogger<ExchangeShipper>
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));

    public bool Has(int eventId) => Entries.Any(e => e.EventId == eventId);

    public string Dump() => string.Join(Environment.NewLine, Entries.Select(e => $"{e.Level} {e.EventId} {e.Message}"));
}
