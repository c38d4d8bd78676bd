using LlmObserve.Data;
using LlmObserve.Integrations.Delivery;
using LlmObserve.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>
/// A host that delivers findings the way the scanner worker does (<c>AddFindingDelivery</c> over
/// the data services), against a test database, with short waits so tests are fast.
/// </summary>
internal sealed class DeliveryWorker : IAsyncDisposable
{
    /// <summary>
    /// Six attempts as in production, with 20 ms doubling to 50 ms between them; loopback allowed,
    /// as the receivers listen on 127.0.0.1 (<see cref="NoAllowedNetworks"/> takes that back).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FastSettings = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Delivery:PollInterval"] = "00:00:00.050",
        ["Delivery:InitialBackoff"] = "00:00:00.020",
        ["Delivery:MaxBackoff"] = "00:00:00.050",
        ["Delivery:Timeout"] = "00:00:02",
        ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
        ["Delivery:AllowedNetworks:1"] = "::1/128",
    };

    /// <summary>Settings that leave <c>Delivery:AllowedNetworks</c> empty, as in a default deployment.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoAllowedNetworks = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Delivery:AllowedNetworks:0"] = "",
        ["Delivery:AllowedNetworks:1"] = "",
    };

    private readonly IHost _host;

    private DeliveryWorker(IHost host) => _host = host;

    public static async Task<DeliveryWorker> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = Build(database.ConnectionString, settings);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DeliveryWorker(host);
    }

    public static IHost Build(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var merged = new Dictionary<string, string?>(FastSettings, StringComparer.Ordinal);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>(StringComparer.Ordinal))
        {
            merged[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(merged);
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new TestOutputLoggerProvider());
        builder.Services.AddLlmObserveData(connectionString);
        builder.Services.AddFindingDelivery(builder.Configuration);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
