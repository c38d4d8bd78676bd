using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Conversations;

namespace LlmObserve.Detection.Engine;

/// <summary>Who made a call and where it went: what rules read besides the conversation.</summary>
public sealed record ExchangeContext
{
    public static ExchangeContext None { get; } = new();

    /// <summary>The API server's name: the TLS server name, else the request's Host header.</summary>
    public string? Host { get; init; }

    public string? Node { get; init; }

    public string? Namespace { get; init; }

    public string? Pod { get; init; }

    public string? ContainerId { get; init; }

    public string? Executable { get; init; }

    public string? Command { get; init; }

    public DateTimeOffset CapturedAt { get; init; }

    /// <summary>The workload a call is counted against for per-workload baselines: namespace/pod, else the executable.</summary>
    public string Workload => Pod is not null ? $"{Namespace}/{Pod}" : Executable ?? Command ?? "unknown";

    public static ExchangeContext Of(CapturedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var host = exchange.Connection?.ServerName ?? exchange.Request.Host;
        return new ExchangeContext
        {
            Host = host is null ? null : StripPort(host),
            Node = exchange.Workload.Node,
            Namespace = exchange.Workload.Namespace,
            Pod = exchange.Workload.Pod,
            ContainerId = exchange.Workload.ContainerId,
            Executable = exchange.Workload.Executable,
            Command = exchange.Workload.Command,
            CapturedAt = exchange.CapturedAt,
        };
    }

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon && host.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0
            ? host[..colon]
            : host;
    }
}

/// <summary>
/// One exchange as detectors and rules see it: the conversation, its context, its text fields, and the
/// detectors' signals, each detector run at most once and only when a rule asks for it. Not thread-safe:
/// one subject belongs to one scan.
/// </summary>
public sealed class ScanSubject
{
    private readonly DetectorSet _detectors;
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Signal>> _signals = new(StringComparer.Ordinal);

    public ScanSubject(Conversation conversation, ExchangeContext context, DetectorSet detectors)
    {
        Conversation = conversation ?? throw new ArgumentNullException(nameof(conversation));
        Context = context ?? throw new ArgumentNullException(nameof(context));
        _detectors = detectors ?? throw new ArgumentNullException(nameof(detectors));
    }

    public Conversation Conversation { get; }

    public ExchangeContext Context { get; }

    /// <summary>A captured exchange, normalized, with its context.</summary>
    public static ScanSubject Of(CapturedExchange exchange, DetectorSet detectors)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return new ScanSubject(ConversationNormalizer.Normalize(exchange), ExchangeContext.Of(exchange), detectors);
    }

    /// <summary>A text field (one of <see cref="TextFields"/>), empty when the exchange has none.</summary>
    public string Text(string field)
    {
        if (!_texts.TryGetValue(field, out var text))
        {
            text = TextFields.Read(Conversation, field);
            _texts[field] = text;
        }

        return text;
    }

    /// <summary>The signals of one detector, running it on first use. Unknown names give none.</summary>
    public IReadOnlyList<Signal> Signals(string detector)
    {
        if (!_signals.TryGetValue(detector, out var signals))
        {
            var found = new List<Signal>();
            if (_detectors.Find(detector) is { } d)
            {
                d.Detect(this, found);
            }

            _signals[detector] = signals = found;
        }

        return signals;
    }
}

/// <summary>The detectors rules can ask, by name.</summary>
public sealed class DetectorSet
{
    private readonly Dictionary<string, IDetector> _byName;

    public DetectorSet(IEnumerable<IDetector> detectors)
    {
        _byName = new(StringComparer.Ordinal);
        foreach (var detector in detectors)
        {
            if (!_byName.TryAdd(detector.Name, detector))
            {
                throw new ArgumentException($"two detectors are named '{detector.Name}'", nameof(detectors));
            }
        }
    }

    public IEnumerable<string> Names => _byName.Keys;

    public IDetector? Find(string name) => _byName.GetValueOrDefault(name);
}
