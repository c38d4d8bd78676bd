namespace LlmObserve.Detection.Rules;

/// <summary>Sets, replaces or appends each key a rule item has, as its mode says.</summary>
internal static class RuleUpdate
{
    public static void Apply(RuleDefinition rule, RuleFileItem item)
    {
        foreach (var key in item.Yaml.Map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(k => k.Value))
        {
            var append = item.Appends(key ?? "");
            switch (key)
            {
                case "desc":
                    rule.Description = item.Description ?? rule.Description;
                    break;
                case "condition" when item.Condition is not null:
                    rule.Condition = append && rule.Condition is not null ? ConditionSource.Join(rule.Condition, item.Condition) : item.Condition;
                    break;
                case "output":
                    rule.Output = item.Output ?? rule.Output;
                    break;
                case "severity" or "priority":
                    rule.Severity = item.Severity ?? rule.Severity;
                    break;
                case "category":
                    rule.Category = item.Category ?? rule.Category;
                    break;
                case "tags" when item.Tags is not null:
                    rule.Tags = append ? [.. rule.Tags.Union(item.Tags, StringComparer.Ordinal)] : item.Tags;
                    break;
                case "enabled":
                    rule.Enabled = item.Enabled ?? rule.Enabled;
                    break;
                case "exceptions" when item.Exceptions is not null:
                    rule.Exceptions = append ? Merge(rule, item) : item.Exceptions;
                    break;
                case "examples":
                    rule.PositiveExamples = item.PositiveExamples ?? [];
                    rule.NegativeExamples = item.NegativeExamples ?? [];
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Falco's rule for appended exceptions: values of an exception with a known name are added to it; a new name is a new exception.</summary>
    private static List<ExceptionDefinition> Merge(RuleDefinition rule, RuleFileItem item)
    {
        var merged = rule.Exceptions.Select(e => e with { Tuples = [.. e.Tuples] }).ToList();
        foreach (var exception in item.Exceptions!)
        {
            var existing = merged.FindIndex(e => e.Name == exception.Name);
            if (existing < 0)
            {
                merged.Add(exception);
                continue;
            }

            var earlier = merged[existing];
            if (!earlier.Fields.Select(f => f.Field).SequenceEqual(exception.Fields.Select(f => f.Field), StringComparer.Ordinal)
                || !earlier.Comps.SequenceEqual(exception.Comps, StringComparer.Ordinal))
            {
                item.Yaml.Error(item.Yaml.Node("exceptions")!, $"{item.What}: appended exception '{exception.Name}' must have the same fields and comps as the one it adds to");
                continue;
            }

            earlier.Tuples.AddRange(exception.Tuples);
        }

        return merged;
    }
}
