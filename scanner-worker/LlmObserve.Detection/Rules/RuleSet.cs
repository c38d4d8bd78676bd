using System.Collections.Frozen;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// Compiled rules, lists and macros from one or more rule files (see <see cref="RuleCompiler"/>). Immutable
/// and thread-safe; every scan brings its own <see cref="ScanSubject"/>.
/// </summary>
public sealed class RuleSet
{
    private readonly CompiledRule[] _enabled;
    private readonly FrozenDictionary<string, CompiledRule> _byId;

    internal RuleSet(
        IReadOnlyList<CompiledRule> rules,
        IReadOnlyDictionary<string, IReadOnlyList<string>> lists,
        IReadOnlyDictionary<string, string> macros)
    {
        Rules = rules;
        Lists = lists;
        Macros = macros;
        _enabled = [.. rules.Where(r => r.Enabled)];
        _byId = rules.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Every rule, enabled or not, in the order defined.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Each list's items, references to other lists expanded.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Lists { get; }

    /// <summary>Each macro's condition as written (appended parts joined).</summary>
    public IReadOnlyDictionary<string, string> Macros { get; }

    public CompiledRule? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The matches of every enabled rule, in rule order. Allocates only when something matches.</summary>
    public IReadOnlyList<RuleMatch> Evaluate(ScanSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        List<RuleMatch>? matches = null;
        foreach (var rule in _enabled)
        {
            if (rule.Evaluate(subject) is { } match)
            {
                (matches ??= []).Add(match);
            }
        }

        return matches is null ? Array.Empty<RuleMatch>() : matches;
    }

    /// <summary>
    /// Runs every rule's examples (enabled or not): each positive example must match its rule, each negative
    /// one must not. One error per failing example, at the example.
    /// </summary>
    public IReadOnlyList<RuleError> CheckExamples(DetectorSet detectors)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        var errors = new List<RuleError>();
        foreach (var rule in Rules)
        {
            Check(rule, rule.Examples.Positive, shouldMatch: true, detectors, errors);
            Check(rule, rule.Examples.Negative, shouldMatch: false, detectors, errors);
        }

        return errors;
    }

    private static void Check(CompiledRule rule, IReadOnlyList<RuleExample> examples, bool shouldMatch, DetectorSet detectors, List<RuleError> errors)
    {
        foreach (var example in examples)
        {
            var matched = rule.Evaluate(example.ToSubject(detectors)) is not null;
            if (matched != shouldMatch)
            {
                errors.Add(new RuleError(example.File, example.Line, example.Column, shouldMatch
                    ? $"positive example of rule '{rule.Id}' does not match"
                    : $"negative example of rule '{rule.Id}' matches"));
            }
        }
    }
}
