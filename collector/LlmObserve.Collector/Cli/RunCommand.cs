using System.CommandLine;
using LlmObserve.Collector.Capture;
using LlmObserve.Collector.Ebpf;
using LlmObserve.Collector.Enrichment;
using LlmObserve.Collector.Hosting;
using LlmObserve.Collector.Shipping;
using LlmObserve.Contracts.Enrollment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Cli;

/// <summary>
/// <c>llmobserve-collector run</c> (the default): the daemon. Settings come from
/// <c>/etc/llmobserve/collector.json</c> (or <c>--config</c>), environment variables
/// (<c>LLMOBSERVE_Shipping__IngestUrl</c>, <c>LLMOBSERVE_Capture__PlaintextPorts__0</c> …) and these options, last wins.
/// </summary>
public static class RunCommand
{
    private static readonly (string Option, string Key, string Description)[] Settings =
    [
        ("--ingest-url", "Shipping:IngestUrl", "Base URL of ingest-api."),
        ("--enrollment-token", "Shipping:EnrollmentToken", "Cluster enrollment token (first start only; the node credential is stored)."),
        ("--node-name", "Shipping:NodeName", "This node's name in its cluster (default: the host name)."),
        ("--state-dir", "Shipping:StateDirectory", "Where the credential and the spool live."),
        ("--spool-cap-bytes", "Shipping:SpoolCapBytes", "Disk the spool may use."),
        ("--body-cap-bytes", "Capture:BodyCapBytes", "Decoded body bytes kept per request and response."),
    ];

    private static readonly (string Option, string Key, string Description)[] Lists =
    [
        ("--plaintext-port", "Capture:PlaintextPorts", "Plaintext model server PORT=PROVIDER, e.g. 11434=ollama (repeatable)."),
        ("--provider-host", "Capture:ProviderHosts", "LLM endpoint HOST[:PORT]=PROVIDER for gateways (repeatable)."),
        ("--watch-namespace", "Capture:WatchNamespaces", "Only capture these Kubernetes namespaces (repeatable)."),
        ("--watch-command", "Capture:WatchCommands", "Only capture commands matching these globs (repeatable)."),
        ("--exclude-command", "Capture:ExcludeCommands", "Never capture commands matching these globs (repeatable)."),
    ];

    public static Command Build()
    {
        var config = new Option<FileInfo?>("--config") { Description = "JSON settings file (default /etc/llmobserve/collector.json when it exists)." };
        var command = new Command("run", "Run the collector daemon (the default command).") { config };
        var single = Settings.Select(s => (new Option<string?>(s.Option) { Description = s.Description }, s.Key)).ToList();
        var multi = Lists.Select(s => (new Option<string[]>(s.Option) { Description = s.Description, AllowMultipleArgumentsPerToken = true }, s.Key)).ToList();
        single.ForEach(s => command.Options.Add(s.Item1));
        multi.ForEach(s => command.Options.Add(s.Item1));
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (option, key) in single)
            {
                if (parse.GetValue(option) is { } value)
                {
                    overrides[key] = value;
                }
            }

            foreach (var (option, key) in multi)
            {
                var values = parse.GetValue(option) ?? [];
                for (var i = 0; i < values.Length; i++)
                {
                    overrides[$"{key}:{i}"] = values[i];
                }
            }

            var path = parse.GetValue(config)?.FullName ?? "/etc/llmobserve/collector.json";
            try
            {
                using var host = BuildHost(path, overrides);
                await host.RunAsync(ct).ConfigureAwait(false);
                return 0;
            }
            catch (InvalidSettingsException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    internal static IHost BuildHost(string configPath, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(configPath, optional: true).AddEnvironmentVariables("LLMOBSERVE_").AddInMemoryCollection(overrides);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddConfiguration(builder.Configuration.GetSection("Logging"));
        var shipping = builder.Configuration.GetSection(ShippingOptions.Section).Get<ShippingOptions>() ?? new ShippingOptions();
        var capture = builder.Configuration.GetSection(CaptureOptions.Section).Get<CaptureOptions>() ?? new CaptureOptions();
        var problems = capture.Problems().Concat(shipping.Problems()).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException($"Invalid collector settings: {string.Join("; ", problems)}");
        }

        var services = builder.Services;
        services.AddSingleton(shipping).AddSingleton(capture).AddSingleton(TimeProvider.System).AddSingleton<CollectorState>().AddSingleton<CounterTotals>();
        services.AddSingleton(sp => new ProcessDirectory(shipping.NodeName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new CaptureProbeOptions
        {
            ConnectionByteCap = (ulong)capture.ConnectionByteCap,
            RingBufferBytes = (uint)capture.RingBufferBytes,
            PlaintextPorts = [.. capture.PlaintextPortMap().Keys],
        });
        services.AddSingleton(sp => new ExchangeShipper(shipping, () => Heartbeat(sp), sp.GetRequiredService<ILogger<ExchangeShipper>>()));
        services.AddSingleton(sp => ExchangeSinks.Factory(sp, capture));
        services.AddHostedService(sp => sp.GetRequiredService<ExchangeShipper>());
        services.AddHostedService<CaptureService>();
        services.AddHostedService<NativeHeapTrimmer>();
        return builder.Build();
    }

    private static NodeHeartbeat Heartbeat(IServiceProvider services)
    {
        var state = services.GetRequiredService<CollectorState>();
        var shipping = services.GetRequiredService<ShippingOptions>();
        var counters = new Dictionary<string, long>(services.GetRequiredService<CounterTotals>().Snapshot(), StringComparer.Ordinal);
        foreach (var (name, value) in state.KernelCounters)
        {
            counters[name] = value;
        }

        foreach (var (name, value) in services.GetRequiredService<ExchangeShipper>().Status.Counters())
        {
            counters[name] = value;
        }

        return new NodeHeartbeat
        {
            CollectorVersion = shipping.CollectorVersion,
            KernelVersion = shipping.KernelVersion,
            StartedAt = state.StartedAt,
            Targets = state.Targets,
            Counters = counters,
        };
    }
}

/// <summary>The collector's settings are wrong; the message names every bad key.</summary>
public sealed class InvalidSettingsException(string message) : Exception(message);
