using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// Reads a rule's Falco-style <c>exceptions</c>: each has a <c>name</c>, <c>fields</c>, <c>comps</c> (one per
/// field, <c>=</c> when left out) and <c>values</c>, a list of tuples with one value per field (a list, or a
/// list's name, for <c>in</c>). A single field may be written without brackets; its values are then plain
/// values rather than one-element tuples.
/// </summary>
internal sealed class ExceptionParser(YamlItem rule)
{
    private static readonly string[] Keys = ["name", "fields", "comps", "values"];

    private static readonly HashSet<string> Comps = new(Operators.All.Where(o => o != Operators.Exists), StringComparer.Ordinal);

    public List<ExceptionDefinition> Read()
    {
        var result = new List<ExceptionDefinition>();
        if (rule.Sequence("exceptions") is not { } sequence)
        {
            return result;
        }

        foreach (var node in sequence)
        {
            if (node is not YamlMappingNode map)
            {
                rule.Error(node, $"{rule.What}: each exception must be a mapping with name, fields, comps and values");
                continue;
            }

            var probe = new YamlItem(rule.File, map, $"{rule.What}: exception", rule.Errors);
            var name = probe.String("name", required: true) ?? "";
            var yaml = new YamlItem(rule.File, map, $"{rule.What}: exception '{name}'", rule.Errors);
            yaml.CheckKeys(Keys);
            if (Read(yaml, name) is { } exception)
            {
                result.Add(exception);
            }
        }

        return result;
    }

    private ExceptionDefinition? Read(YamlItem yaml, string name)
    {
        var fieldsNode = yaml.Node("fields");
        var single = fieldsNode is YamlScalarNode;
        List<YamlScalarNode> fields = fieldsNode switch
        {
            YamlScalarNode scalar => [scalar],
            YamlSequenceNode list => [.. list.OfType<YamlScalarNode>()],
            _ => [],
        };
        if (fields.Count == 0)
        {
            yaml.Error(fieldsNode ?? yaml.Map, $"{yaml.What} needs 'fields': a field name or a list of them");
            return null;
        }

        var ok = fields.All(f => CheckField(yaml, f));
        var comps = ReadComps(yaml, fields.Count, single, ref ok);
        var tuples = new List<IReadOnlyList<IReadOnlyList<ValueSyntax>>>();
        foreach (var tuple in yaml.Sequence("values") ?? [])
        {
            IReadOnlyList<YamlNode> elements = single || IsInListOfOneField(tuple, comps) ? [tuple] : tuple is YamlSequenceNode s ? [.. s] : [];
            if (elements.Count != fields.Count)
            {
                yaml.Error(tuple, $"{yaml.What}: each value must be a list of {fields.Count} values, one per field ({string.Join(", ", fields.Select(f => f.Value))})");
                ok = false;
                continue;
            }

            var values = new List<IReadOnlyList<ValueSyntax>>();
            for (var i = 0; i < elements.Count; i++)
            {
                values.Add(Values(yaml, elements[i], comps[i], ref ok));
            }

            tuples.Add(values);
        }

        return ok ? new ExceptionDefinition(name, [.. fields.Select(f => (f.Value!, (TextOrigin)new NodeOrigin(rule.File, f)))], comps, tuples) : null;
    }

    /// <summary>
    /// <c>fields: [f]</c>, <c>comps: [in]</c>, <c>values: [[a, b]]</c>: the brackets are read as the list for
    /// <c>in</c>, as one would write it (Falco's strict form, <c>[[[a, b]]]</c>, is read as such too).
    /// </summary>
    private static bool IsInListOfOneField(YamlNode tuple, List<string> comps) =>
        comps is [Operators.In] && tuple is YamlSequenceNode { Children: var children } && children.All(c => c is YamlScalarNode);

    private static bool CheckField(YamlItem yaml, YamlScalarNode field)
    {
        var value = field.Value ?? "";
        if (FieldCatalog.Find(value) is not null || value.StartsWith("detect.", StringComparison.Ordinal))
        {
            return true;
        }

        yaml.Error(field, $"{yaml.What}: unknown field '{value}'{Suggestions.DidYouMean(value, FieldCatalog.All.Select(f => f.Name))}");
        return false;
    }

    private static List<string> ReadComps(YamlItem yaml, int count, bool single, ref bool ok)
    {
        var node = yaml.Node("comps");
        if (node is null)
        {
            return [.. Enumerable.Repeat(Operators.Equal, count)];
        }

        List<YamlScalarNode> comps = node switch
        {
            YamlScalarNode scalar when single => [scalar],
            YamlSequenceNode list => [.. list.OfType<YamlScalarNode>()],
            _ => [],
        };
        if (comps.Count != count)
        {
            yaml.Error(node, $"{yaml.What}: 'comps' must have one comparison per field ({count})");
            ok = false;
            return [.. Enumerable.Repeat(Operators.Equal, count)];
        }

        foreach (var comp in comps.Where(c => !Comps.Contains(c.Value ?? "")))
        {
            yaml.Error(comp, $"{yaml.What}: unknown comparison '{comp.Value}'; expected one of {string.Join(", ", Comps)}");
            ok = false;
        }

        return [.. comps.Select(c => c.Value == "==" ? Operators.Equal : c.Value ?? "")];
    }

    private IReadOnlyList<ValueSyntax> Values(YamlItem yaml, YamlNode node, string comp, ref bool ok)
    {
        switch (node)
        {
            case YamlScalarNode { Value: var value } scalar:
                // For 'in', a bare value is the name of a list.
                return [Value(scalar, value ?? "", listReference: comp == Operators.In)];
            case YamlSequenceNode list when comp == Operators.In:
                return [.. list.OfType<YamlScalarNode>().Select(s => Value(s, s.Value ?? "", listReference: false))];
            default:
                yaml.Error(node, $"{yaml.What}: a value for '{comp}' must be a single value{(comp == Operators.In ? " or a list" : "")}, not a {YamlItem.Describe(node)}");
                ok = false;
                return [];
        }
    }

    private ValueSyntax Value(YamlScalarNode scalar, string text, bool listReference)
    {
        var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
        return new(new NodeOrigin(rule.File, scalar), 0, text, quoted, listReference && !quoted);
    }
}
