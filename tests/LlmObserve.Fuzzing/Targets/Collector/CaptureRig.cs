using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Exchanges;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Llm;
using LlmObserve.Contracts.Capture;
using LlmObserve.Fuzzing.Harness;

namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>
/// The collector's pipeline after the kernel, as <c>CaptureService</c> builds it: an <see cref="HttpStage"/> with the
/// default capture options and an <see cref="LlmExchangeSink"/> (recognizer, builder, redaction) in front of the
/// shipper. The sink is wrapped only to see the <see cref="HttpExchange"/>s (decode errors, sizes) as well.
/// </summary>
internal sealed class CaptureRig : IDisposable, IConnectionControl
{
    /// <summary>The collector's defaults: a 1 MiB body cap, a 16 MiB decoded-size cap, a 2-minute idle timeout.</summary>
    public static readonly HttpStageOptions Options = new() { MaxBodyBytes = 1 << 20, IdleTimeout = TimeSpan.FromMinutes(2) };

    /// <summary>Decoders write in 16 KiB steps, so a stopped body may pass the cap by one step.</summary>
    private const long DecodeStep = 16 * 1024;

    private static readonly LlmRecognizer Recognizer = new(new LlmRecognizerOptions
    {
        Hosts = new Dictionary<string, string>(StringComparer.Ordinal) { ["127.0.0.1:44321"] = LlmProviders.OpenAi },
        PlaintextPorts = new Dictionary<int, string> { [11434] = LlmProviders.Ollama, [8000] = LlmProviders.Vllm },
    });

    private readonly RecordingSink _sink;

    public CaptureRig()
    {
        _sink = new RecordingSink(new LlmExchangeSink(Recognizer, new FixedWorkload(), Captured.Add), Exchanges);
        Stage = new HttpStage(Options, _sink, this);
    }

    public static DateTimeOffset Start { get; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public HttpStage Stage { get; }

    public List<HttpExchange> Exchanges { get; } = [];

    public List<CapturedExchange> Captured { get; } = [];

    public int Mutes { get; private set; }

    public void Mute(ulong connectionId) => Mutes++;

    /// <summary>
    /// Completes everything (as at shutdown), checks what the stage promises, and returns the outcome feature.
    /// <paramref name="wireBytes"/> bounds identity bodies, which have no decoded-size cap.
    /// </summary>
    public ulong Finish(long wireBytes)
    {
        Stage.Sweep(DateTimeOffset.MaxValue);
        if (Stage.TrackedConnections != 0 || Stage.BufferedBytes != 0)
        {
            throw new InvariantViolatedException($"after the final sweep the stage still tracks {Stage.TrackedConnections} connections and {Stage.BufferedBytes} buffered bytes");
        }

        foreach (var exchange in Exchanges)
        {
            Check(exchange.RequestBody, wireBytes);
            if (exchange.ResponseBody is { } body)
            {
                Check(body, wireBytes);
            }
        }

        // Counts, and the shape of the first and last exchange only: every combination of every exchange's shape
        // would make nearly each input "new" and drown the corpus.
        var feature = new FeatureHash()
            .Add(FeatureHash.Bucket(Exchanges.Count))
            .Add(FeatureHash.Bucket(Captured.Count))
            .Add(FeatureHash.Bucket(Mutes));
        foreach (var exchange in Exchanges.Take(1).Concat(Exchanges.Skip(1).TakeLast(1)))
        {
            feature.Add(exchange.Streamed).Add(Shape(exchange.RequestBody))
                .Add((ulong)(exchange.Response?.StatusCode ?? 0) / 100).Add(exchange.ResponseBody is { } b ? Shape(b) : 0);
        }

        if (Captured.Count > 0)
        {
            var first = Captured[0];
            feature.Add(first.Llm?.Provider).Add(first.Llm?.Endpoint).Add(first.Request.BodyEncoding == BodyEncoding.Base64);
        }

        return feature.Value;
    }

    public void Dispose() => Stage.Dispose();

    private static ulong Shape(HttpBody body) => new FeatureHash()
        .Add(body.DecodeError).Add(body.Truncated).Add(body.LostBytes > 0).Add(FeatureHash.Bucket(body.DecodedSize)).Value;

    private static void Check(HttpBody body, long wireBytes)
    {
        if (body.Content.Length > Options.MaxBodyBytes || body.DecodedSize < body.Content.Length)
        {
            throw new InvariantViolatedException($"body keeps {body.Content.Length} bytes of {body.DecodedSize} decoded (cap {Options.MaxBodyBytes})");
        }

        if (body.DecodedSize > Math.Max(Options.MaxDecodedBytes + DecodeStep, wireBytes))
        {
            throw new InvariantViolatedException($"decoding went on to {body.DecodedSize} bytes, past the {Options.MaxDecodedBytes}-byte cap");
        }
    }

    /// <summary>Passes every call on to the production sink, keeping the stage's exchanges for the checks.</summary>
    private sealed class RecordingSink(IExchangeSink inner, List<HttpExchange> exchanges) : IExchangeSink
    {
        public bool IsWanted(ulong connectionId, HttpRequestHead request, HttpBody body, CaptureSource source, CapturedConnection? addresses) =>
            inner.IsWanted(connectionId, request, body, source, addresses);

        public void Completed(HttpExchange exchange)
        {
            exchanges.Add(exchange);
            inner.Completed(exchange);
        }
    }

    private sealed class FixedWorkload : IWorkloadResolver
    {
        private static readonly WorkloadIdentity Workload = new() { Node = "fuzz-node", Pid = 4242, Command = "python3" };

        public WorkloadIdentity Resolve(int pid) => Workload;
    }
}
