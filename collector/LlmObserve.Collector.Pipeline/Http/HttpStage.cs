using LlmObserve.Collector.Pipeline.Buffers;
using LlmObserve.Collector.Pipeline.Capture;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// The HTTP/1.1 stage: turns the kernel side's events into request/response exchanges for an
/// <see cref="IExchangeSink"/>, and mutes (through <see cref="IConnectionControl"/>) the connections that
/// carry nothing of interest: not HTTP/1.x, HTTP/2, the server side of a connection, not an LLM call.
/// </summary>
/// <remarks>
/// <para>Threading: single-threaded. One pipeline thread makes every call (events, <see cref="Sweep"/>,
/// <see cref="Dispose"/>), and the sink and the connection control are called back on that thread, inside
/// those calls. Nothing here locks.</para>
/// <para>Ownership: chunk data is copied before <see cref="OnChunk"/> returns, so the caller may reuse its
/// buffer at once.</para>
/// <para>Failure: captured bytes never make a call throw. Garbage, limits and unexpected failures while
/// reading a connection are counted (<see cref="DropReasons"/>), the connection is muted and forgotten,
/// and the wanted exchanges it had completed are still handed on.</para>
/// <para>Memory: bounded by <see cref="HttpStageOptions.MaxConnections"/>, the per-message head and body
/// caps, and the stage-wide <see cref="HttpStageOptions.MaxBufferedBytes"/>.</para>
/// <para>Connections announced by <see cref="OnConnectionOpened"/> are read from their first byte, which
/// decides whether they are HTTP at all; during the <see cref="HttpStageOptions.JoinWindow"/> after the
/// stage's first chunk, a TLS connection's first bytes that start no message are skipped to the next message instead (a TLS
/// connection open before the collector started is announced at the first call seen, possibly mid-message).
/// Chunks of a connection never announced (opened before the collector started, or evicted and back) are
/// read from the first chunk that starts a message.</para>
/// </remarks>
public sealed class HttpStage : IDisposable
{
    private readonly HttpStageOptions _options;
    private readonly IExchangeSink _sink;
    private readonly IConnectionControl _control;
    private readonly BufferBudget _budget;
    private readonly ConnectionTable _connections = new();
    private readonly MutedConnections _muted;
    private DateTimeOffset _latest;
    private DateTimeOffset? _first;

    public HttpStage(HttpStageOptions options, IExchangeSink sink, IConnectionControl control)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(control);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _sink = sink;
        _control = control;
        _budget = new BufferBudget(options.MaxBufferedBytes);
        _muted = new MutedConnections(options.MaxMutedConnections);
    }

    /// <summary>Connections being read now.</summary>
    public int TrackedConnections => _connections.Count;

    /// <summary>Bytes held in heads and bodies across all connections.</summary>
    public long BufferedBytes => _budget.InUse;

    /// <summary>A new connection: its bytes will be read from the first one.</summary>
    public void OnConnectionOpened(ConnectionOpened opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        _muted.Remove(opened.ConnectionId);
        if (_connections.Find(opened.ConnectionId) is { } previous)
        {
            Forget(previous, previous.LastActivity, closed: true); // the id was reused before its close arrived
        }

        // Only TLS connections are announced late (at the first SSL call seen); sockets are announced at connect.
        var mayBeJoined = opened.Source == Contracts.Capture.CaptureSource.OpenSslUprobe && _options.JoinWindow > TimeSpan.Zero
            && (_first is null || _latest - _first < _options.JoinWindow);
        Track(new HttpConnection(opened.ConnectionId, opened.Pid, opened.Source, opened.Addresses, mayBeJoined ? Start.MaybeJoined : Start.First, _sink, _options, _budget));
    }

    public void OnChunk(in DataChunk chunk)
    {
        _latest = chunk.Timestamp > _latest ? chunk.Timestamp : _latest;
        _first ??= chunk.Timestamp;
        if (_muted.Contains(chunk.ConnectionId))
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.Muted);
            return;
        }

        var connection = _connections.Find(chunk.ConnectionId)
            ?? Track(new HttpConnection(chunk.ConnectionId, chunk.Pid, chunk.Source, addresses: null, Start.Unknown, _sink, _options, _budget));
        _connections.Touch(connection);
        string? reason;
        try
        {
            reason = connection.Accept(chunk);
        }
        catch (Exception)
        {
            reason = DropReasons.Malformed; // a bug met by odd input must cost one connection, not the collector
        }

        if (reason is not null)
        {
            GiveUp(connection, reason);
        }
    }

    /// <summary>The connection closed: exchanges still waiting are handed on with what was seen.</summary>
    public void OnConnectionClosed(ulong connectionId, DateTimeOffset at)
    {
        _muted.Remove(connectionId);
        if (_connections.Find(connectionId) is { } connection)
        {
            Forget(connection, at, closed: true);
        }
    }

    /// <summary>
    /// Completes and forgets connections with no bytes for <see cref="HttpStageOptions.IdleTimeout"/> before
    /// <paramref name="now"/>. <c>Sweep(DateTimeOffset.MaxValue)</c> completes every connection (shutdown).
    /// </summary>
    public void Sweep(DateTimeOffset now)
    {
        _latest = now > _latest ? now : _latest;
        while (_connections.Oldest is { } oldest && now - oldest.LastActivity >= _options.IdleTimeout)
        {
            Forget(oldest, oldest.LastActivity, closed: false);
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections.ToArray())
        {
            _connections.Remove(connection);
            connection.Dispose();
        }
    }

    private HttpConnection Track(HttpConnection connection)
    {
        if (_connections.Count >= _options.MaxConnections && _connections.Oldest is { } oldest)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.Evicted);
            Forget(oldest, oldest.LastActivity, closed: false);
        }

        connection.LastActivity = _latest;
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Nothing more will be read from the connection: hand on what it holds and drop it.</summary>
    private void Forget(HttpConnection connection, DateTimeOffset at, bool closed)
    {
        string? reason;
        try
        {
            reason = connection.Complete(at, closed);
        }
        catch (Exception)
        {
            reason = DropReasons.Malformed;
        }

        Remove(connection);
        if (reason is not null)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, reason);
            if (!closed)
            {
                Mute(connection.Id);
            }
        }
    }

    private void GiveUp(HttpConnection connection, string reason)
    {
        CollectorMetrics.Dropped(DropReasons.HttpStage, reason);
        try
        {
            connection.Abandon();
        }
        catch (Exception)
        {
            // Already given up for a reason counted above; what could not be handed on is lost with it.
        }

        Remove(connection);
        Mute(connection.Id);
    }

    private void Mute(ulong connectionId)
    {
        _muted.Add(connectionId);
        try
        {
            _control.Mute(connectionId);
        }
        catch (Exception)
        {
            CollectorMetrics.Dropped(DropReasons.HttpStage, DropReasons.MuteFailed);
        }
    }

    private void Remove(HttpConnection connection)
    {
        _connections.Remove(connection);
        connection.Dispose();
    }
}
