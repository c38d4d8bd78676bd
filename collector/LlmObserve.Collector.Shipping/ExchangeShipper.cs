using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// The collector's exporter: takes captured exchanges from the pipeline, batches, gzips and posts them
/// to ingest-api with the node credential (enrolling on the first start), retries with backoff, keeps
/// what the backend cannot take now in a bounded on-disk spool, and sends heartbeats.
/// Delivery is at-least-once: the backend stores each exchange id once.
/// </summary>
/// <remarks>
/// Threading: <see cref="TryEnqueue"/> and <see cref="Status"/> may be called from any thread at any
/// time and never block; <see cref="StartAsync"/> and <see cref="StopAsync"/> are called once each, in
/// that order (the host's contract for hosted services). Three tasks run in between: the batcher, the
/// sender and the heartbeat loop.
/// </remarks>
public sealed class ExchangeShipper : IHostedService, IAsyncDisposable
{
    private readonly ShippingOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly ShippingCounters _counters;
    private readonly Spool _spool;
    private readonly NodeCredentials _credentials;
    private readonly Batcher _batcher;
    private readonly Sender _sender;
    private readonly HeartbeatSender _heartbeats;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    /// <param name="options">Validated here; an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> names each bad key.</param>
    /// <param name="heartbeat">
    /// Builds the node's heartbeat (targets, counters; see <see cref="ShippingStatus.Counters"/>). Called
    /// on the heartbeat task every <see cref="ShippingOptions.HeartbeatInterval"/>, concurrently with the
    /// pipeline, so it must only read thread-safe state.
    /// </param>
    /// <param name="logger">Logs of the shipping stage.</param>
    /// <param name="handler">For TLS settings of the host (a custom CA); by default a SocketsHttpHandler. Disposed with the shipper.</param>
    /// <param name="clock">For tests; the system clock by default.</param>
    public ExchangeShipper(ShippingOptions options, Func<NodeHeartbeat> heartbeat, ILogger<ExchangeShipper> logger, HttpMessageHandler? handler = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(heartbeat);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        clock ??= TimeProvider.System;
        _options = options;
        _logger = logger;
        _http = new HttpClient(handler ?? DefaultHandler(options), disposeHandler: true)
        {
            BaseAddress = options.IngestUrl!.AbsoluteUri.EndsWith('/') ? options.IngestUrl : new Uri(options.IngestUrl.AbsoluteUri + "/"),
            Timeout = options.RequestTimeout,
        };
        var client = new IngestClient(_http, options);
        _counters = new ShippingCounters(clock);
        _spool = new Spool(Path.Combine(options.StateDirectory, "spool"), options.SpoolCapBytes, _counters, logger);
        _credentials = new NodeCredentials(options, new NodeCredentialStore(options.StateDirectory), client, _counters, logger);
        _batcher = new Batcher(options, _spool, _counters, logger, clock);
        _sender = new Sender(options, _batcher, _spool, client, _credentials, _counters, logger, clock);
        _heartbeats = new HeartbeatSender(options, heartbeat, client, _credentials, logger, clock);
    }

    /// <summary>
    /// Hands an exchange over for shipping; never blocks. When the memory queue is full it goes to the
    /// spool; false when it was dropped (counted as <c>spool_full</c>, <c>queue_full</c> or <c>stopped</c>).
    /// </summary>
    public bool TryEnqueue(CapturedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return _batcher.TryEnqueue(exchange);
    }

    /// <summary>A consistent-enough snapshot for heartbeats and health; cheap.</summary>
    public ShippingStatus Status => _counters.Snapshot(_spool.Files, _spool.Bytes);

    /// <summary>Heartbeats the backend accepted since start.</summary>
    internal long HeartbeatsSent => _heartbeats.Sent;

    /// <summary>
    /// Opens the state directory and the spool, loads the node credential (throws when there is none and
    /// no enrollment token), and starts shipping. Does not wait for the backend: enrollment and delivery
    /// are retried in the background while batches are spooled.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        DurableFile.EnsurePrivateDirectory(_options.StateDirectory);
        _spool.Open();
        _credentials.Load();
        ShippingLog.Started(_logger, _options.IngestUrl!, _options.NodeName, _spool.Files, _options.StateDirectory);
        var stopping = _stopping.Token;
        _running = Task.WhenAll(
            Run(_batcher.RunAsync, "batcher"),
            Run(() => _sender.RunAsync(stopping), "sender"),
            Run(() => _heartbeats.RunAsync(stopping), "heartbeat"));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops sending and writes every exchange still in memory to the spool, where the next start finds it.
    /// A request in flight is abandoned; its batch stays in (or goes to) the spool.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _batcher.Close();
        await _running.WaitAsync(cancellationToken);
        _sender.SpoolHandoff(); // batches the batcher offered before it saw the sender stop
        var status = Status;
        ShippingLog.Stopped(_logger, status.SpooledFiles, status.SpooledBytes, status.ShippedExchanges);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _stopping.Dispose();
        _http.Dispose();
    }

    private static SocketsHttpHandler DefaultHandler(ShippingOptions options) => new()
    {
        ConnectTimeout = options.RequestTimeout < TimeSpan.FromSeconds(10) ? options.RequestTimeout : TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of the ingest endpoint
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };

    /// <summary>A loop that failed unexpectedly is logged as critical, not lost in an unobserved task.</summary>
    private async Task Run(Func<Task> loop, string name)
    {
        try
        {
            await Task.Run(loop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ShippingLog.LoopFailed(_logger, e, name);
            throw;
        }
    }
}
