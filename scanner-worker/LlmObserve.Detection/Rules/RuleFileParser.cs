using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// Reads one rule file into <see cref="RuleFileItem"/>s: the YAML (a syntax error is reported at the parser's
/// position), each item's kind, its <c>append</c>/<c>override</c> form, and every key's type and value.
/// </summary>
internal sealed class RuleFileParser(RuleFileText file, IReadOnlySet<string> detectors, ICollection<RuleError> errors)
{
    private static readonly string[] ListKeys = ["list", "items", "append", "override"];
    private static readonly string[] MacroKeys = ["macro", "condition", "append", "override"];
    private static readonly string[] KindKeys = ["rule", "macro", "list"];

    /// <summary>How deep YAML lists and mappings may nest: loading them recurses.</summary>
    private const int MaxYamlDepth = 32;

    public static List<RuleFileItem> Parse(RuleSource source, IReadOnlySet<string> detectors, ICollection<RuleError> errors)
    {
        var file = new RuleFileText(source.File, source.Yaml);
        var stream = new YamlStream();
        var yamlParser = new Parser(new StringReader(source.Yaml));
        var depthParser = new Parser(new StringReader(source.Yaml));
        try
        {
            if (TooDeep(depthParser) is { } deep)
            {
                errors.Add(file.Error(deep, $"YAML nests lists and mappings more than {MaxYamlDepth} deep"));
                return [];
            }

            stream.Load(yamlParser);
        }
        catch (YamlException e)
        {
            errors.Add(file.Error(e.Start, $"YAML syntax error: {e.Message}"));
            return [];
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (an unclosed flow sequence before a
            // key; an event its node loader does not expect, e.g. a NUL key): the last event it read is the
            // nearest position known.
            var at = (yamlParser.Current ?? depthParser.Current)?.End ?? Mark.Empty;
            errors.Add(file.Error(at, $"YAML syntax error after this point (an unclosed '[' or '{{'?): {e.Message}"));
            return [];
        }

        var parser = new RuleFileParser(file, detectors, errors);
        var items = new List<RuleFileItem>();
        foreach (var document in stream.Documents)
        {
            switch (document.RootNode)
            {
                case YamlSequenceNode sequence:
                    items.AddRange(sequence.Select(parser.Item).OfType<RuleFileItem>());
                    break;
                case YamlScalarNode { Value: null or "" or "~" or "null" }:
                    break; // an empty file
                default:
                    errors.Add(file.Error(document.RootNode, "a rule file must be a list of items ('- rule: …', '- macro: …', '- list: …')"));
                    break;
            }
        }

        return items;
    }

    /// <summary>Where nesting first goes too deep, read event by event (the event parser does not recurse).</summary>
    private static Mark? TooDeep(Parser parser)
    {
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart && ++depth > MaxYamlDepth)
            {
                return parser.Current.Start;
            }

            if (parser.Current is YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd)
            {
                depth--;
            }
        }

        return null;
    }

    public RuleFileText File => file;

    public IReadOnlySet<string> Detectors => detectors;

    public ICollection<RuleError> Errors => errors;

    private RuleFileItem? Item(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(file.Error(node, $"expected an item ('- rule: …', '- macro: …' or '- list: …'), not a {YamlItem.Describe(node)}"));
            return null;
        }

        var kinds = KindKeys.Where(k => map.Children.Keys.OfType<YamlScalarNode>().Any(s => s.Value == k)).ToList();
        if (kinds.Count != 1)
        {
            errors.Add(file.Error(node, kinds.Count == 0
                ? "an item must have one of the keys 'rule', 'macro' or 'list'"
                : $"an item has both '{kinds[0]}' and '{kinds[1]}'; write them as separate items"));
            return null;
        }

        var probe = new YamlItem(file, map, $"{kinds[0]} item", errors);
        var name = probe.String(kinds[0], required: true);
        if (name is null)
        {
            return null;
        }

        var kind = kinds[0] switch { "rule" => ItemKind.Rule, "macro" => ItemKind.Macro, _ => ItemKind.List };
        var item = new RuleFileItem(kind, name, new YamlItem(file, map, $"{kinds[0]} '{name}'", errors));
        ReadMode(item);
        switch (kind)
        {
            case ItemKind.List:
                ReadList(item);
                break;
            case ItemKind.Macro:
                ReadMacro(item);
                break;
            default:
                new RuleItemParser(this, item).Read();
                break;
        }

        return item;
    }

    private static void ReadMode(RuleFileItem item)
    {
        var yaml = item.Yaml;
        var append = yaml.Bool("append") ?? false;
        if (yaml.Node("override") is { } node)
        {
            if (append)
            {
                yaml.Error(node, $"{item.What} has both 'append' and 'override'; use one");
            }

            if (node is not YamlMappingNode overrides)
            {
                yaml.Error(node, $"{item.What}: 'override' must be a mapping of keys to 'append' or 'replace'");
                return;
            }

            item.Mode = ItemMode.Override;
            foreach (var (key, value) in overrides.Children)
            {
                var mode = (value as YamlScalarNode)?.Value;
                if (key is YamlScalarNode { Value: { } name } && mode is "append" or "replace")
                {
                    item.Overrides[name] = mode == "append";
                }
                else
                {
                    yaml.Error(value, $"{item.What}: override of '{(key as YamlScalarNode)?.Value}' must be 'append' or 'replace'");
                }
            }
        }
        else if (append)
        {
            item.Mode = ItemMode.Append;
        }
    }

    private static void ReadList(RuleFileItem item)
    {
        var yaml = item.Yaml;
        yaml.CheckKeys(ListKeys);
        if (yaml.Sequence("items") is not { } sequence)
        {
            if (!yaml.Has("items"))
            {
                yaml.Error(yaml.Map, $"{item.What} is missing required key 'items'");
            }

            item.ListItems = yaml.Has("items") ? [] : null;
            return;
        }

        item.ListItems = [];
        foreach (var element in sequence)
        {
            if (element is YamlScalarNode { Value: { } value } scalar)
            {
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
                item.ListItems.Add(new ValueSyntax(new NodeOrigin(yaml.File, scalar), 0, value, quoted));
            }
            else
            {
                yaml.Error(element, $"{item.What}: every item must be a single value, not a {YamlItem.Describe(element)}");
            }
        }
    }

    private void ReadMacro(RuleFileItem item)
    {
        item.Yaml.CheckKeys(MacroKeys);
        item.Condition = Condition(item, required: true);
    }

    /// <summary>The item's condition, parsed as a whole condition or, when appended, as an <c>and …</c>/<c>or …</c> fragment.</summary>
    public ConditionSource? Condition(RuleFileItem item, bool required)
    {
        var scalar = item.Yaml.Scalar("condition", required);
        if (scalar is null)
        {
            return null;
        }

        var origin = new ScalarOrigin(file, scalar);
        if (!item.Appends("condition"))
        {
            return new ConditionSource(origin.Value, ConditionParser.Parse(origin.Value, origin, errors), origin);
        }

        var appended = ConditionParser.ParseAppended(origin.Value, origin, errors);
        return new ConditionSource(origin.Value, appended?.Operand, origin) { AppendsWithOr = appended?.IsOr ?? false };
    }
}
