using System.Collections.Frozen;
using System.Globalization;

namespace LlmObserve.Detection.Rules;

/// <summary>Field tests and detector predicates: the operators each type takes, and its values.</summary>
internal sealed partial class ConditionBinder
{
    private const string DetectPrefix = "detect.";
    private const string StringOperators = "=, !=, in, contains, icontains, startswith, endswith, glob, regex, exists";
    private const string NumberOperators = "=, !=, <, <=, >, >=, in, exists";
    private const string BoolOperators = "=, !=, exists";
    private const string DetectorOperators = ">, >=, <, <=, =, != (with a confidence), in (kinds), exists";

    /// <summary>One test of a field (from a condition, or an exception's field, comp and value).</summary>
    public ConditionNode? BindPredicate(string name, TextOrigin origin, int offset, string op, int opOffset, IReadOnlyList<ValueSyntax> values)
    {
        if (name.StartsWith(DetectPrefix, StringComparison.Ordinal))
        {
            return BindDetector(name, origin, offset, op, opOffset, values);
        }

        if (FieldCatalog.Find(name) is not { } field)
        {
            return Fail(origin, offset, $"unknown field '{name}'{Suggestions.DidYouMean(name, FieldNames())}");
        }

        if (op == Operators.Exists)
        {
            return new ExistsNode(field);
        }

        return field.Type switch
        {
            FieldType.Text or FieldType.TextList => BindString(field, origin, op, opOffset, values),
            FieldType.Number => BindNumber(field, origin, op, opOffset, values),
            _ => BindBool(field, origin, op, opOffset, values),
        };
    }

    private ConditionNode? BindString(RuleField field, TextOrigin origin, string op, int opOffset, IReadOnlyList<ValueSyntax> values)
    {
        StringTest? test = op switch
        {
            Operators.Equal or Operators.NotEqual => new EqualTest(values[0].Text),
            Operators.In => Expand(values) is { } items ? new InTest(items.ToFrozenSet(StringComparer.Ordinal)) : null,
            Operators.Contains => new ContainsTest(values[0].Text, StringComparison.Ordinal),
            Operators.IContains => new ContainsTest(values[0].Text, StringComparison.OrdinalIgnoreCase),
            Operators.StartsWith => new StartsWithTest(values[0].Text),
            Operators.EndsWith => new EndsWithTest(values[0].Text),
            Operators.Glob => new GlobTest(new Glob(values[0].Text)),
            Operators.Regex => RegexSafety.Compile(values[0].Text, out var error) is { } regex
                ? new RegexTest(regex)
                : FailTest(values[0].Origin, values[0].Offset, error!),
            _ => FailTest(origin, opOffset, $"operator '{op}' does not apply to {Describe(field)}; it takes {StringOperators}"),
        };
        if (test is null)
        {
            return null;
        }

        var negate = op == Operators.NotEqual;
        return field.Type == FieldType.TextList ? new ListFieldNode(field, test, negate) : new StringFieldNode(field, test, negate);
    }

    private ConditionNode? BindNumber(RuleField field, TextOrigin origin, string op, int opOffset, IReadOnlyList<ValueSyntax> values)
    {
        if (op == Operators.In)
        {
            var items = Expand(values);
            if (items is null)
            {
                return null;
            }

            var numbers = new double[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                if (!TryNumber(items[i], out numbers[i]))
                {
                    return Fail(values[Math.Min(i, values.Count - 1)].Origin, values[Math.Min(i, values.Count - 1)].Offset, $"expected a number in 'in (…)' for {Describe(field)}, but found '{items[i]}'");
                }
            }

            return new NumberInNode(field, numbers);
        }

        if (NumberComparisons.Parse(op) is not { } comparison)
        {
            return Fail(origin, opOffset, $"operator '{op}' does not apply to {Describe(field)}; it takes {NumberOperators}");
        }

        return TryNumber(values[0].Text, out var operand)
            ? new NumberFieldNode(field, comparison, operand)
            : Fail(values[0].Origin, values[0].Offset, $"expected a number after '{op}' for {Describe(field)}, but found '{values[0].Text}'");
    }

    private ConditionNode? BindBool(RuleField field, TextOrigin origin, string op, int opOffset, IReadOnlyList<ValueSyntax> values)
    {
        if (op is not (Operators.Equal or Operators.NotEqual))
        {
            return Fail(origin, opOffset, $"operator '{op}' does not apply to {Describe(field)}; it takes {BoolOperators}");
        }

        return bool.TryParse(values[0].Text, out var operand)
            ? new BoolFieldNode(field, operand, negate: op == Operators.NotEqual)
            : Fail(values[0].Origin, values[0].Offset, $"expected true or false for {Describe(field)}, but found '{values[0].Text}'");
    }

    private ConditionNode? BindDetector(string name, TextOrigin origin, int offset, string op, int opOffset, IReadOnlyList<ValueSyntax> values)
    {
        var rest = name[DetectPrefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var (detector, kind) = dot < 0 ? (rest, null) : (rest[..dot], rest[(dot + 1)..]);
        if (!_detectors.Contains(detector))
        {
            return Fail(origin, offset, $"unknown detector '{detector}' in '{name}'{Suggestions.DidYouMean(detector, _detectors)}; known detectors: {string.Join(", ", _detectors.Order(StringComparer.Ordinal))}");
        }

        if (kind is { Length: 0 })
        {
            return Fail(origin, offset, $"'{name}' ends with '.'; write 'detect.{detector}' or 'detect.{detector}.KIND'");
        }

        if (op == Operators.Exists)
        {
            return new DetectorExistsNode(detector, kind);
        }

        if (op == Operators.In && kind is null)
        {
            return Expand(values) is { } kinds ? new DetectorKindNode(detector, kinds.ToFrozenSet(StringComparer.Ordinal)) : null;
        }

        if (NumberComparisons.Parse(op) is not { } comparison)
        {
            return Fail(origin, opOffset, kind is null
                ? $"operator '{op}' does not apply to detector predicate '{name}'; it takes {DetectorOperators}"
                : $"operator '{op}' does not apply to '{name}'; it takes a comparison with a confidence or 'exists' (test kinds with 'detect.{detector} in (…)')");
        }

        if (!TryNumber(values[0].Text, out var threshold) || threshold is < 0 or > 1)
        {
            return Fail(values[0].Origin, values[0].Offset, $"expected a confidence between 0 and 1 after '{op}' for '{name}', but found '{values[0].Text}'");
        }

        return new DetectorConfidenceNode(detector, kind, comparison, threshold);
    }

    /// <summary>The values of <c>in</c>, list references expanded; null (reported) when a list is unknown.</summary>
    private List<string>? Expand(IReadOnlyList<ValueSyntax> values)
    {
        var items = new List<string>();
        var ok = true;
        foreach (var value in values)
        {
            if (!value.Quoted && _lists.ContainsKey(value.Text))
            {
                items.AddRange(ResolveList(value.Text, value) ?? []);
            }
            else if (value.ListReference)
            {
                ok = false;
                _errors.Add(value.Origin.Error(value.Offset, $"unknown list '{value.Text}'{Suggestions.DidYouMean(value.Text, _lists.Keys)}"));
            }
            else
            {
                items.Add(value.Text);
            }
        }

        return ok ? items : null;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Describe(RuleField field) => field.Type switch
    {
        FieldType.Text => $"string field '{field.Name}'",
        FieldType.TextList => $"list field '{field.Name}'",
        FieldType.Number => $"number field '{field.Name}'",
        _ => $"boolean field '{field.Name}'",
    };

    private ConditionNode? Fail(TextOrigin origin, int offset, string message)
    {
        _errors.Add(origin.Error(offset, message));
        return null;
    }

    private StringTest? FailTest(TextOrigin origin, int offset, string message)
    {
        _errors.Add(origin.Error(offset, message));
        return null;
    }
}
