using System.Reflection;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Findings;
using LlmObserve.Detection.Conversations;
using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Rules;

namespace LlmObserve.Detection.Engine;

/// <summary>
/// Detectors and a compiled rule set together: normalizes an exchange, evaluates every enabled rule (detectors
/// run lazily, once, when a rule asks), and turns rule matches into findings. Thread-safe: each scan has its own
/// <see cref="ScanSubject"/>.
/// </summary>
public sealed class DetectionEngine(DetectorSet detectors, RuleSet rules)
{
    private const string BuiltInPrefix = "LlmObserve.Detection.Rules.";

    public DetectorSet Detectors { get; } = detectors;

    public RuleSet Rules { get; } = rules;

    /// <summary>A fresh set of the built-in detectors (fresh, because the cost baseline is per set).</summary>
    public static DetectorSet BuiltInDetectors() => new([
        new InjectionDetector(), new JailbreakDetector(), new SecretDetector(), new PiiDetector(),
        new SystemPromptLeakDetector(), new ExfiltrationDetector(), new ToolRiskDetector(), new CostAnomalyDetector(),
    ]);

    /// <summary>The built-in rule pack's files, in load order, as embedded in this library (read once).</summary>
    public static IReadOnlyList<RuleSource> BuiltInRuleSources() => BuiltInSources.Value;

    private static readonly Lazy<IReadOnlyList<RuleSource>> BuiltInSources = new(() =>
    {
        var assembly = typeof(DetectionEngine).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(BuiltInPrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new RuleSource(n[BuiltInPrefix.Length..], Read(assembly, n)))];
    });

    /// <summary>The built-in detectors and rule pack, plus any further rule files, applied after the pack.</summary>
    /// <exception cref="RuleValidationException">A rule file does not compile; the message lists every error.</exception>
    public static DetectionEngine Create(IEnumerable<RuleSource>? extraRules = null)
    {
        var set = BuiltInDetectors();
        var result = TenantRules.Compile(set, [], extraRules);
        return result.RuleSet is { } rules ? new DetectionEngine(set, rules) : throw new RuleValidationException(result.Errors);
    }

    public ScanResult Scan(CapturedExchange exchange)
    {
        var subject = ScanSubject.Of(exchange, Detectors);
        return new ScanResult(subject.Conversation, [.. Rules.Evaluate(subject).Select(ToFinding)]);
    }

    /// <summary>Scans a bare text as a user prompt.</summary>
    public ScanResult ScanText(string text) => Scan(TextScan.AsPrompt(text), ExchangeContext.None);

    public ScanResult Scan(Conversation conversation, ExchangeContext context)
    {
        var subject = new ScanSubject(conversation, context, Detectors);
        return new ScanResult(conversation, [.. Rules.Evaluate(subject).Select(ToFinding)]);
    }

    public static Finding ToFinding(RuleMatch match)
    {
        var rule = match.Rule;
        var evidence = match.Evidence;
        if (rule.Category == FindingCategory.Secret && evidence is not null && !evidence.Contains('*', StringComparison.Ordinal))
        {
            evidence = SecretMask.Token(evidence); // a user rule's regex matched a secret: never store it in clear
        }

        return new Finding(
            rule.Id, rule.Category, rule.Severity, match.Output, rule.Tags, Math.Round(match.Confidence, 3),
            match.Field ?? Finding.NoField,
            match.Field is null ? null : match.Start,
            match.Field is null ? null : match.Length,
            evidence);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>Rule files that do not compile; <see cref="Exception.Message"/> lists each error as <c>file:line:column: message</c>.</summary>
public sealed class RuleValidationException : Exception
{
    public RuleValidationException(IReadOnlyList<RuleError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public RuleValidationException()
    {
        Errors = [];
    }

    public RuleValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RuleValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<RuleError> Errors { get; }
}
