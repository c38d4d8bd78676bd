using LlmObserve.Contracts.Findings;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// What a rule found: its formatted output and the evidence of the condition leaf that made it true (a
/// detector's signal, else the span a text test matched). <see cref="Field"/> is null when the match is about
/// the exchange as a whole; then <see cref="Start"/> and <see cref="Length"/> are 0.
/// </summary>
public sealed record RuleMatch(CompiledRule Rule, string Output, double Confidence, string? Field, int Start, int Length, string? Evidence);

/// <summary>A rule's positive and negative examples.</summary>
public sealed record RuleExamples(IReadOnlyList<RuleExample> Positive, IReadOnlyList<RuleExample> Negative);

/// <summary>
/// One compiled rule. Immutable and thread-safe: evaluating it allocates nothing unless it matches, and never
/// throws on a subject (a regex time-out makes its test false; a detector that throws makes the rule not match,
/// counted in <see cref="RuleDiagnostics"/>).
/// </summary>
public sealed class CompiledRule
{
    private const int MaxEvidenceLength = 200;

    private readonly ConditionNode _condition;
    private readonly ConditionNode? _exceptions;

    internal CompiledRule(RuleDefinition definition, ConditionNode condition, ConditionNode? exceptions)
    {
        Id = definition.Id;
        Description = definition.Description;
        Condition = definition.Condition?.Text ?? "";
        Output = definition.Output!;
        Severity = definition.Severity;
        Category = definition.Category;
        Tags = [.. definition.Tags];
        Enabled = definition.Enabled;
        Examples = new RuleExamples(definition.PositiveExamples, definition.NegativeExamples);
        SourceFile = definition.File.Name;
        Line = definition.Line;
        _condition = condition;
        _exceptions = exceptions;
    }

    public string Id { get; }

    public string Description { get; }

    /// <summary>The condition as written (appended parts joined), for display.</summary>
    public string Condition { get; }

    public OutputTemplate Output { get; }

    public FindingSeverity Severity { get; }

    /// <summary>One of <see cref="FindingCategory"/>.</summary>
    public string Category { get; }

    /// <summary>Maturity (<c>maturity_stable</c>), OWASP LLM Top 10 (<c>LLM01</c>) and MITRE ATLAS (<c>AML.T0051</c>) tags.</summary>
    public IReadOnlyList<string> Tags { get; }

    public bool Enabled { get; }

    public RuleExamples Examples { get; }

    /// <summary>The file of the rule's (last full) definition.</summary>
    public string SourceFile { get; }

    public int Line { get; }

    /// <summary>The match, or null when the condition is false or an exception applies. Evaluates even a disabled rule.</summary>
    public RuleMatch? Evaluate(ScanSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        try
        {
            var hit = default(Hit);
            if (!_condition.Eval(subject, ref hit))
            {
                return null;
            }

            var ignored = default(Hit);
            return _exceptions is not null && _exceptions.Eval(subject, ref ignored) ? null : Match(subject, hit);
        }
        catch (Exception)
        {
            // A detector's bug must cost one rule's match, never the whole scan.
            RuleDiagnostics.CountFailedEvaluation();
            return null;
        }
    }

    public override string ToString() => Id;

    private RuleMatch Match(ScanSubject subject, in Hit hit)
    {
        var output = Output.Format(subject);
        if (hit.Signal is { } signal)
        {
            return new RuleMatch(this, output, signal.Confidence, signal.Field, signal.Start, signal.Length, signal.Evidence);
        }

        if (hit.Field is not null && hit.Text is not null)
        {
            var evidence = hit.Text.Substring(hit.Start, Math.Min(hit.Length, MaxEvidenceLength));
            return new RuleMatch(this, output, 1.0, hit.Field, hit.Start, hit.Length, evidence);
        }

        return new RuleMatch(this, output, 1.0, null, 0, 0, null);
    }
}
