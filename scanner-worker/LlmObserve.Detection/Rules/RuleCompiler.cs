using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// Compiles rule files into a <see cref="RuleSet"/>: reads each file, applies its items in order (later files
/// append to or override earlier ones: the built-in pack first, then a tenant's file), then resolves lists and
/// macros and compiles every condition. Reports every error it can find, each at its file, line and column.
/// </summary>
public static class RuleCompiler
{
    public static RuleSetResult Compile(IEnumerable<RuleSource> sources, DetectorSet detectors)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(detectors);
        var errors = new List<RuleError>();
        var detectorNames = KnownDetectors(detectors);
        var merger = new RuleMerger();
        var files = new List<string>();
        foreach (var source in sources)
        {
            files.Add(source.File);
            foreach (var item in RuleFileParser.Parse(source, detectorNames, errors))
            {
                merger.Apply(item);
            }
        }

        var binder = new ConditionBinder(merger.Lists, merger.Macros, detectorNames, errors);
        var lists = binder.ResolveAllLists();
        binder.BindAllMacros();
        var rules = new List<CompiledRule>();
        foreach (var rule in merger.Rules)
        {
            var condition = rule.Condition?.Syntax is { } syntax ? binder.Bind(syntax) : null;
            var exceptions = Exceptions(binder, rule, out var exceptionsOk);
            if (condition is not null && exceptionsOk && rule.Output is not null)
            {
                rules.Add(new CompiledRule(rule, condition, exceptions));
            }
        }

        if (errors.Count > 0)
        {
            return new RuleSetResult(null, [.. errors.Distinct().OrderBy(e => files.IndexOf(e.File)).ThenBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        var macros = merger.Macros.ToDictionary(m => m.Key, m => m.Value.Condition.Text, StringComparer.Ordinal);
        return new RuleSetResult(new RuleSet(rules, lists, macros), []);
    }

    /// <summary>The built-in detector names, and any other name the set knows.</summary>
    private static HashSet<string> KnownDetectors(DetectorSet detectors) =>
        new([DetectorNames.Injection, DetectorNames.Jailbreak, DetectorNames.Secret, DetectorNames.Pii, DetectorNames.SystemPromptLeak,
            DetectorNames.Exfiltration, DetectorNames.ToolRisk, DetectorNames.CostAnomaly, .. detectors.Names], StringComparer.Ordinal);

    /// <summary>A node that is true when any exception tuple matches (every field test of the tuple true).</summary>
    private static ConditionNode? Exceptions(ConditionBinder binder, RuleDefinition rule, out bool ok)
    {
        ok = true;
        var tuples = new List<ConditionNode>();
        foreach (var exception in rule.Exceptions)
        {
            foreach (var tuple in exception.Tuples)
            {
                var tests = new List<ConditionNode>();
                for (var i = 0; i < exception.Fields.Count; i++)
                {
                    var (field, origin) = exception.Fields[i];
                    if (binder.BindPredicate(field, origin, 0, exception.Comps[i], 0, tuple[i]) is { } test)
                    {
                        tests.Add(test);
                    }
                }

                if (tests.Count < exception.Fields.Count)
                {
                    ok = false;
                    continue;
                }

                tuples.Add(tests.Count == 1 ? tests[0] : new AndNode([.. tests]));
            }
        }

        return tuples.Count switch
        {
            0 => null,
            1 => tuples[0],
            _ => new OrNode([.. tuples]),
        };
    }
}
