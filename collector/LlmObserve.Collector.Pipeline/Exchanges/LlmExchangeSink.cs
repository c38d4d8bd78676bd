using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Llm;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Pipeline.Exchanges;

/// <summary>
/// The end of the capture pipeline: wants the requests the <see cref="LlmRecognizer"/> recognizes, and
/// turns their completed exchanges into redacted <see cref="CapturedExchange"/>s for the output (the
/// shipping stage's channel).
/// </summary>
/// <remarks>
/// Called on the pipeline thread only (by <see cref="HttpStage"/>); the output is called on it too, so it
/// must not block: a full channel drops the exchange (counted) rather than stall capture.
/// </remarks>
public sealed class LlmExchangeSink : IExchangeSink
{
    private readonly LlmRecognizer _recognizer;
    private readonly IWorkloadResolver _workloads;
    private readonly Action<CapturedExchange> _output;

    // What IsWanted recognized, kept with the request head (and collected with it) so the body is not read twice.
    private readonly ConditionalWeakTable<HttpRequestHead, LlmCall> _calls = [];

    public LlmExchangeSink(LlmRecognizer recognizer, IWorkloadResolver workloads, Action<CapturedExchange> output)
    {
        ArgumentNullException.ThrowIfNull(recognizer);
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(output);
        _recognizer = recognizer;
        _workloads = workloads;
        _output = output;
    }

    /// <summary>Writes finished exchanges to a channel without waiting; when it is full they are dropped and counted.</summary>
    public LlmExchangeSink(LlmRecognizer recognizer, IWorkloadResolver workloads, ChannelWriter<CapturedExchange> output)
        : this(recognizer, workloads, ToAction(output))
    {
    }

    public bool IsWanted(ulong connectionId, HttpRequestHead request, HttpBody body, CaptureSource source, CapturedConnection? addresses)
    {
        ArgumentNullException.ThrowIfNull(body);
        var call = _recognizer.Recognize(request, body.Content.Span, source, addresses);
        if (call is null)
        {
            return false;
        }

        _calls.AddOrUpdate(request, call);
        return true;
    }

    public void Completed(HttpExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var call = _calls.TryGetValue(exchange.Request, out var known)
            ? known
            : _recognizer.Recognize(exchange.Request, exchange.RequestBody.Content.Span, exchange.Source, exchange.Addresses);
        _calls.Remove(exchange.Request);
        if (call is null)
        {
            CollectorMetrics.Dropped(DropReasons.LlmStage, DropReasons.NotLlm);
            return;
        }

        CapturedExchange captured;
        try
        {
            captured = ExchangeBuilder.Build(exchange, call, _workloads.Resolve(exchange.Pid));
        }
        catch (Exception)
        {
            CollectorMetrics.Dropped(DropReasons.LlmStage, DropReasons.BuildFailed); // a resolver or builder bug costs one exchange
            return;
        }

        CollectorMetrics.Processed(DropReasons.LlmStage, "exchanges");
        _output(captured);
    }

    private static Action<CapturedExchange> ToAction(ChannelWriter<CapturedExchange> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return exchange =>
        {
            if (!writer.TryWrite(exchange))
            {
                CollectorMetrics.Dropped(DropReasons.LlmStage, DropReasons.ChannelFull);
            }
        };
    }
}
