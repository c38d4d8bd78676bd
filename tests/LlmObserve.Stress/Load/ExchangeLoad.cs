using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using LlmObserve.MockProvider;
using LlmObserve.MockProvider.Clients;

namespace LlmObserve.Stress.Load;

/// <summary>
/// A steady stream of LLM calls to the mock provider over TLS at <see cref="Rate"/> calls per second:
/// .NET's HttpClient on keep-alive connections (OpenAI chat, every fifth streamed, every seventh an
/// Anthropic call to a host the collector recognizes by the API's shape alone), and a curl process every
/// two seconds. Every prompt carries a marker (<see cref="Marker"/>) so the stored exchanges can be
/// matched to the calls, and every call is recorded.
/// </summary>
public sealed class ExchangeLoad : IAsyncDisposable
{
    private const int MaxInFlight = 256;
    private readonly MockProviderServer _mock;
    private readonly LlmClients _curl;
    private readonly HttpClient[] _http;
    private readonly ConcurrentQueue<ClientCallRecord> _calls = new();
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _padding;
    private long _next;
    private Task _running = Task.CompletedTask;

    public ExchangeLoad(MockProviderServer mock, string runId, double rate)
    {
        _mock = mock;
        _curl = new LlmClients(mock) { Timeout = TimeSpan.FromSeconds(60) };
        _http = [.. Enumerable.Range(0, 4).Select(_ => new HttpClient(mock.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(60) })];
        RunId = runId;
        Rate = rate;
        var random = new Random(42);
        var bytes = new byte[48 * 1024];
        random.NextBytes(bytes);
        _padding = Convert.ToBase64String(bytes); // barely compressible: fills a spool as fast as real prompts would
    }

    public string RunId { get; }

    /// <summary>Calls per second from now on (the curl client not included).</summary>
    public double Rate { get; set; }

    /// <summary>Extra prompt characters per call (up to 64 KiB), to make exchanges bigger.</summary>
    public int PaddingChars { get; set; }

    /// <summary>Every call made so far, finished or failed.</summary>
    public IReadOnlyList<ClientCallRecord> Calls => [.. _calls];

    public string Marker(long seq) => string.Create(CultureInfo.InvariantCulture, $"{RunId}-{seq:D8}");

    public void Start() => _running = Task.WhenAll(Task.Run(PaceAsync), Task.Run(CurlAsync), Task.Run(ForgetRecordedAsync));

    /// <summary>Stops starting calls and waits for those in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        for (var i = 0; i < MaxInFlight; i++)
        {
            await _inFlight.WaitAsync();
        }

        _inFlight.Release(MaxInFlight);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        foreach (var http in _http)
        {
            http.Dispose();
        }

        _stop.Dispose();
        _inFlight.Dispose();
    }

    private Task PaceAsync()
    {
        var credit = 0.0;
        var last = DateTime.UtcNow;
        return Every.RunAsync(TimeSpan.FromMilliseconds(10), async () =>
        {
            var now = DateTime.UtcNow;
            credit = Math.Min(credit + ((now - last).TotalSeconds * Rate), Math.Max(Rate, 1)); // at most a second's worth of catch-up
            last = now;
            for (; credit >= 1; credit--)
            {
                await _inFlight.WaitAsync(_stop.Token);
                var seq = Interlocked.Increment(ref _next);
                _ = Task.Run(() => HttpCallAsync(seq));
            }
        }, _stop.Token);
    }

    private async Task HttpCallAsync(long seq)
    {
        var api = seq % 7 == 0 ? MockApi.AnthropicMessages : MockApi.OpenAiChat;
        var streamed = seq % 5 == 0;
        var started = DateTimeOffset.UtcNow;
        string Kind() => $"dotnet {(api == MockApi.AnthropicMessages ? "anthropic" : "openai")}{(streamed ? " streamed" : "")}";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _mock.EndpointUri(api))
            {
                Content = new StringContent(ClientWire.RequestBody(api, api.DefaultModel(), Prompt(seq), streamed), Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in ClientWire.Headers(api, "sk-stress-" + RunId))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(streamed ? "text/event-stream" : "application/json"));
            using var response = await _http[seq % _http.Length].SendAsync(request, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            _calls.Enqueue(new ClientCallRecord(seq, Kind(), started, DateTimeOffset.UtcNow, null));
        }
#pragma warning disable CA1031 // every failed call is recorded (and so reported), whatever failed
        catch (Exception e)
#pragma warning restore CA1031
        {
            _calls.Enqueue(new ClientCallRecord(seq, Kind(), started, DateTimeOffset.UtcNow, e.Message));
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private Task CurlAsync() => Every.RunAsync(TimeSpan.FromSeconds(2), async () =>
    {
        var seq = Interlocked.Increment(ref _next);
        var started = DateTimeOffset.UtcNow;
        var api = MockApi.OpenAiChat;
        try
        {
            await _curl.CurlRequestAsync(HttpMethod.Post, _mock.EndpointUri(api), ClientWire.RequestBody(api, api.DefaultModel(), Prompt(seq), stream: false),
                ClientWire.Headers(api, "sk-stress-curl-" + RunId), cancellationToken: CancellationToken.None);
            _calls.Enqueue(new ClientCallRecord(seq, "curl", started, DateTimeOffset.UtcNow, null));
        }
        catch (ClientFailedException e)
        {
            _calls.Enqueue(new ClientCallRecord(seq, "curl", started, DateTimeOffset.UtcNow, e.Message));
        }
    }, _stop.Token);

    /// <summary>The mock records every request for tests that look at them; a long run must not keep them all.</summary>
    private Task ForgetRecordedAsync() => Every.RunAsync(TimeSpan.FromSeconds(5), () =>
    {
        _mock.ClearRequests();
        return Task.CompletedTask;
    }, _stop.Token);

    private string Prompt(long seq)
    {
        var padding = Math.Clamp(PaddingChars, 0, _padding.Length);
        return $"Summarize ticket {Marker(seq)} for the on-call engineer.{(padding > 0 ? " Attachment: " + _padding[..padding] : "")}";
    }
}

/// <summary>One call a client made: its marker's sequence number, which client, when, and its error if it failed.</summary>
public sealed record ClientCallRecord(long Seq, string Client, DateTimeOffset Started, DateTimeOffset Ended, string? Error)
{
    public bool Succeeded => Error is null;
}
