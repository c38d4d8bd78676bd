using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Administration;
using LlmObserve.IngestApi.Apis;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;
using LlmObserve.Testing;

namespace LlmObserve.Collector.Tests.Capture;

/// <summary>
/// The whole capture path for real: ingest-api and a scanner worker (in-process) on PostgreSQL and
/// RabbitMQ, our mock provider over TLS and plain HTTP, and the collector as a root child process
/// loading the eBPF programs into this machine's kernel. Tests read what arrived through the REST API.
/// Unavailable infrastructure (not root, no BTF, no database) skips locally and fails under CI.
/// </summary>
public sealed class CaptureFixture : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly FullPipelineFixture _backend = new();
    private string? _unavailable;
    private CaptureLock? _lock;

    public MockProviderServer Mock { get; private set; } = null!;

    public LlmClients Clients { get; private set; } = null!;

    public TestTenant Tenant { get; private set; } = null!;

    /// <summary>What the collector ships to: a relay in front of ingest-api that a test can take down.</summary>
    public TcpRelay Ingest { get; private set; } = null!;

    public CollectorProcess Collector { get; private set; } = null!;

    public HttpClient Api => _backend.IngestApi.Client;

    public async ValueTask InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/sys/kernel/btf/vmlinux"))
        {
            _unavailable = "eBPF capture tests need root and a kernel with BTF (/sys/kernel/btf/vmlinux)";
            return;
        }

        _lock = await CaptureLock.AcquireAsync(TimeSpan.FromMinutes(30));
        await _backend.InitializeAsync();
        try
        {
            _backend.Require();
        }
        catch (Exception e) when (e.GetType().Name.Contains("Skip", StringComparison.Ordinal) || e is InvalidOperationException)
        {
            _unavailable = e.Message;
            return;
        }

        Tenant = await TestTenant.CreateAsync(_backend.Database);
        Mock = await MockProviderServer.StartAsync();
        Clients = new LlmClients(Mock);
        Ingest = TcpRelay.Start(Api.BaseAddress!);
        Collector = await CollectorProcess.StartAsync(this);
    }

    public CaptureFixture Require()
    {
        if (_unavailable is not null)
        {
            TestEnvironment.Unavailable(_unavailable);
        }

        return this;
    }

    /// <summary>
    /// The collector's command line for this fixture's backend and mock provider. The Anthropic port is
    /// deliberately not listed: it stands for an unknown host, recognized by the API's shape alone.
    /// </summary>
    public IReadOnlyList<string> CollectorArguments(string stateDirectory) =>
    [
        "run",
        "--ingest-url", Ingest.Uri.ToString(),
        "--enrollment-token", Tenant.EnrollmentToken,
        "--node-name", "capture-test-node",
        "--state-dir", stateDirectory,
        "--plaintext-port", $"{Mock.OllamaHttpPort}={MockProviderServer.Ollama}",
        "--plaintext-port", $"{Mock.VllmHttpPort}={MockProviderServer.Vllm}",
        "--provider-host", $"127.0.0.1:{Mock.OpenAiHttpsPort}={MockProviderServer.OpenAi}",
    ];

    /// <summary>Exchanges stored for this tenant whose request body contains <paramref name="marker"/>, once at least <paramref name="count"/> are there.</summary>
    public async Task<IReadOnlyList<StoredExchange>> WaitForExchangesAsync(string marker, int count, TimeSpan? timeout = null)
    {
        await Eventually.UntilAsync(
            async () => await CountAsync(marker) >= count,
            timeout ?? TimeSpan.FromSeconds(30),
            $"{count} exchange(s) with '{marker}' stored");
        return await ExchangesAsync(marker);
    }

    /// <summary>
    /// Every stored exchange of this tenant whose request body contains the marker, read through the
    /// REST API (the ids are found with SQL, so polling stays cheap).
    /// </summary>
    public async Task<IReadOnlyList<StoredExchange>> ExchangesAsync(string marker)
    {
        var ids = new List<Guid>();
        await using (var command = _backend.Database.DataSource.CreateCommand("SELECT id FROM exchanges WHERE tenant_id = $1 AND strpos(request_body, $2) > 0"))
        {
            command.Parameters.AddWithValue(Tenant.Tenant.Id);
            command.Parameters.AddWithValue(marker);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var result = new List<StoredExchange>();
        foreach (var id in ids)
        {
            result.Add(await GetAsync<StoredExchange>($"/api/v1/exchanges/{id}"));
        }

        return result;
    }

    /// <summary>Waits until <paramref name="count"/> stored exchanges contain the marker (only counts, for large numbers).</summary>
    public Task WaitForCountAsync(string marker, long count, TimeSpan timeout) =>
        Eventually.UntilAsync(async () => await CountAsync(marker) >= count, timeout, $"{count} exchanges with '{marker}' stored");

    /// <summary>How many stored exchanges of this tenant contain the marker in their request body.</summary>
    public Task<long> CountAsync(string marker) =>
        _backend.Database.CountAsync($"SELECT count(*) FROM exchanges WHERE tenant_id = '{Tenant.Tenant.Id}' AND strpos(request_body, '{marker.Replace("'", "''", StringComparison.Ordinal)}') > 0");

    public async Task<IReadOnlyList<ExchangeSummary>> AllSummariesAsync()
    {
        var all = new List<ExchangeSummary>();
        string? cursor = null;
        do
        {
            var page = await GetAsync<Page<ExchangeSummary>>($"/api/v1/exchanges?limit=500{(cursor is null ? "" : $"&cursor={cursor}")}");
            all.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        return all;
    }

    public async Task<string> GetRawAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tenant.ApiKey);
        using var response = await Api.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<T> GetAsync<T>(string path) => JsonSerializer.Deserialize<T>(await GetRawAsync(path), Web)!;

    public async ValueTask DisposeAsync()
    {
        if (Collector is not null)
        {
            await Collector.DisposeAsync();
        }

        if (Ingest is not null)
        {
            await Ingest.DisposeAsync();
        }

        if (Mock is not null)
        {
            await Mock.DisposeAsync();
        }

        await _backend.DisposeAsync();
        _lock?.Dispose();
    }
}
