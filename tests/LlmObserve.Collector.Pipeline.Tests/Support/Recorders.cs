using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Tests.Support;

/// <summary>An exchange sink that wants what <see cref="Wanted"/> says (everything by default) and keeps what it gets.</summary>
internal sealed class RecordingSink : IExchangeSink
{
    public Func<HttpRequestHead, HttpBody, bool> Wanted { get; set; } = (_, _) => true;

    public List<HttpRequestHead> Asked { get; } = [];

    public List<HttpExchange> Exchanges { get; } = [];

    public bool IsWanted(ulong connectionId, HttpRequestHead request, HttpBody body, CaptureSource source, CapturedConnection? addresses)
    {
        Asked.Add(request);
        return Wanted(request, body);
    }

    public void Completed(HttpExchange exchange) => Exchanges.Add(exchange);
}

internal sealed class RecordingControl : IConnectionControl
{
    public List<ulong> Muted { get; } = [];

    public void Mute(ulong connectionId) => Muted.Add(connectionId);
}

/// <summary>A stage with recording sink and control, and a feeder for connection 1.</summary>
internal sealed class StageHarness : IDisposable
{
    public StageHarness(HttpStageOptions? options = null)
    {
        Stage = new HttpStage(options ?? new HttpStageOptions(), Sink, Control);
        Connection = new ConnectionFeeder(Stage);
    }

    public RecordingSink Sink { get; } = new();

    public RecordingControl Control { get; } = new();

    public HttpStage Stage { get; }

    public ConnectionFeeder Connection { get; }

    public HttpExchange Single => Assert.Single(Sink.Exchanges);

    public ConnectionFeeder NewConnection(ulong id) => new(Stage, id);

    public void Dispose() => Stage.Dispose();
}
