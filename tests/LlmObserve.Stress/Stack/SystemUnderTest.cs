using System.Globalization;
using LlmObserve.MockProvider;
using LlmObserve.Testing;

namespace LlmObserve.Stress.Stack;

/// <summary>
/// The whole system on this machine, every part a real process that can be killed: a PostgreSQL server
/// and a RabbitMQ node of its own, ingest-api, <see cref="Workers"/> scanner workers, and the eBPF
/// collector in a network namespace of its own (<see cref="Network"/>) shipping to ingest-api over a
/// veth link. Clients call our mock provider over TLS; the collector captures them from the kernel.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly TextWriter _log;
    private readonly StackOptions _options;
    private readonly int _ingestPort = ProcessTree.FreePort();
    private readonly HostProcess?[] _workers;
    private readonly string _collectorState = Directory.CreateTempSubdirectory("llmo-stress-collector-").FullName;
    private HostProcess? _ingest;
    private HostProcess? _collector;

    private SystemUnderTest(StackOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _workers = new HostProcess?[options.Workers];
    }

    public PostgresNode Postgres { get; private set; } = null!;

    public RabbitMqNode Broker { get; private set; } = null!;

    public TestDatabase Database { get; private set; } = null!;

    public NetworkNamespace Network { get; private set; } = null!;

    public MockProviderServer Mock { get; private set; } = null!;

    public TestTenant Tenant { get; private set; } = null!;

    public int Workers => _workers.Length;

    /// <summary>Where the collector keeps its credential and spool.</summary>
    public string SpoolDirectory => Path.Combine(_collectorState, "spool");

    public long SpoolCapBytes => _options.SpoolCapBytes;

    /// <summary>The root process of each part, by name, for sampling (a part being restarted is missing).</summary>
    public IReadOnlyDictionary<string, int> Processes
    {
        get
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            Add("collector", _collector?.Id);
            Add("ingest-api", _ingest?.Id);
            for (var i = 0; i < _workers.Length; i++)
            {
                Add($"scanner-worker-{i + 1}", _workers[i]?.Id);
            }

            Add("rabbitmq", Broker.ProcessId);
            Add("postgresql", Postgres.ProcessId);
            return result;

            void Add(string name, int? pid)
            {
                if (pid is { } id)
                {
                    result[name] = id;
                }
            }
        }
    }

    /// <summary>Starts every part, in dependency order, and waits until the collector captures.</summary>
    public static async Task<SystemUnderTest> StartAsync(StackOptions options, TextWriter log)
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/sys/kernel/btf/vmlinux"))
        {
            throw new InfrastructureUnavailableException("the whole system runs here only as root on a kernel with BTF (/sys/kernel/btf/vmlinux)");
        }

        var system = new SystemUnderTest(options, log);
        try
        {
            await system.StartPartsAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async Task KillAndRestartCollectorAsync()
    {
        _collector!.Kill();
        await _collector.DisposeAsync();
        await StartCollectorAsync();
    }

    public async Task KillAndRestartIngestAsync()
    {
        _ingest!.Kill();
        await _ingest.DisposeAsync();
        await StartIngestAsync();
    }

    public async Task KillAndRestartWorkerAsync(int index)
    {
        _workers[index]!.Kill();
        await _workers[index]!.DisposeAsync();
        _workers[index] = StartWorker();
    }

    /// <summary>Bytes in the collector's spool directory now.</summary>
    public long SpoolBytes() => Directory.Exists(SpoolDirectory)
        ? Directory.EnumerateFiles(SpoolDirectory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
        : 0;

    /// <summary>Stored exchanges whose request carries <paramref name="marker"/> (a run's id).</summary>
    public Task<long> StoredCountAsync(string marker) =>
        Database.CountAsync($"SELECT count(*) FROM exchanges WHERE strpos(request_body, '{marker.Replace("'", "''", StringComparison.Ordinal)}') > 0");

    /// <summary>How many times the running collector has logged a batch refused by its full spool.</summary>
    public int SpoolRefusals() => _collector is null ? 0 : CountOf(_collector.Output, "(spool_full)");

    /// <summary>Stops every part; one that fails to stop does not keep the others running.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _workers.Append(_collector).Append(_ingest).OfType<HostProcess>())
        {
            await DisposeQuietly(process);
        }

        await DisposeQuietly(Mock);
        await DisposeQuietly(Network);
        await DisposeQuietly(Database?.DataSource); // no DROP DATABASE: the whole server goes next
        await DisposeQuietly(Broker);
        await DisposeQuietly(Postgres);
        Directory.Delete(_collectorState, recursive: true);
    }

    private async Task StartPartsAsync()
    {
        _log.WriteLine("starting PostgreSQL, RabbitMQ, ingest-api, scanner workers, the mock provider and the collector …");
        Postgres = await PostgresNode.StartAsync();
        Database = await TestDatabase.CreateAsync(Postgres.ConnectionString);
        Broker = await RabbitMqNode.StartAsync();
        Tenant = await TestTenant.CreateAsync(Database);
        Network = await NetworkNamespace.CreateAsync();
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = StartWorker(); // first, so the queue exists before anything is published
        }

        await StartIngestAsync();
        Mock = await MockProviderServer.StartAsync();
        await StartCollectorAsync();
        _log.WriteLine($"system up: ingest-api on {Network.HostAddress}:{_ingestPort}, collector in network namespace {Network.Name}");
    }

    private async Task StartIngestAsync()
    {
        var port = _ingestPort.ToString(CultureInfo.InvariantCulture);
        _ingest = HostProcess.Start("LlmObserve.IngestApi", Backend(), $"--urls=http://127.0.0.1:{port};http://{Network.HostAddress}:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            $"ingest-api to answer /readyz; its output:\n{_ingest.Output}");
    }

    private HostProcess StartWorker() =>
        HostProcess.Start("LlmObserve.ScannerWorker", Backend(), "--urls=http://127.0.0.1:0");

    private async Task StartCollectorAsync()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LLMOBSERVE_Shipping__SpoolCapBytes"] = _options.SpoolCapBytes.ToString(CultureInfo.InvariantCulture),
            ["LLMOBSERVE_Shipping__HeartbeatInterval"] = "00:00:02",
            ["LLMOBSERVE_Shipping__RetryBackoffMax"] = "00:00:05",
            ["LLMOBSERVE_Capture__RescanInterval"] = "00:00:01",
        };
        _collector = HostProcess.StartThrough(Network.Launcher, "llmobserve-collector", settings,
        [
            "run",
            "--ingest-url", $"http://{Network.HostAddress}:{_ingestPort}/",
            "--enrollment-token", Tenant.EnrollmentToken,
            "--node-name", "stress-node",
            "--state-dir", _collectorState,
            "--provider-host", $"127.0.0.1:{Mock.OpenAiHttpsPort}={MockProviderServer.OpenAi}",
        ]);
        await Eventually.UntilAsync(
            () => Task.FromResult(_collector.Output.Contains("Capture started", StringComparison.Ordinal) || _collector.HasExited),
            TimeSpan.FromSeconds(90),
            $"the collector to start capturing; its output:\n{_collector.Output}");
        if (_collector.HasExited)
        {
            throw new InvalidOperationException($"the collector exited at start; its output:\n{_collector.Output}");
        }
    }

    private Dictionary<string, string> Backend() => new(StringComparer.Ordinal)
    {
        ["Postgres__ConnectionString"] = Database.ConnectionString,
        ["RabbitMq__Uri"] = Broker.AmqpUri.ToString(),
        ["Ingest__PublishTimeout"] = "00:00:05",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task DisposeQuietly(IAsyncDisposable? part)
    {
        if (part is null)
        {
            return;
        }

        try
        {
            await part.DisposeAsync();
        }
#pragma warning disable CA1031 // whatever one part throws while stopping, the others must still be stopped
        catch (Exception)
#pragma warning restore CA1031
        {
            // Teardown of one part must not keep the others running.
        }
    }
}

/// <summary>How the system is set up for a run.</summary>
/// <param name="Workers">Scanner workers (each a process of its own).</param>
/// <param name="SpoolCapBytes">The collector's spool cap; small enough that a run can fill it.</param>
public sealed record StackOptions(int Workers = 2, long SpoolCapBytes = 64L << 20);
