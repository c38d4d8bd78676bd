namespace LlmObserve.Detection.Rules;

/// <summary>
/// Applies rule file items in order, Falco style: a name defined again in a later file replaces the earlier
/// definition (in the same file it is a duplicate); <c>append: true</c> adds to an earlier list's items, a
/// macro's condition, or a rule's condition, exceptions and tags; <c>override: {key: append|replace}</c> does
/// so key by key; and a rule item with only <c>enabled</c> and/or <c>severity</c> changes those of an earlier rule.
/// </summary>
internal sealed class RuleMerger
{
    private static readonly string[] PatchKeys = ["rule", "enabled", "severity", "priority"];
    private static readonly string[] AppendableRuleKeys = ["condition", "exceptions", "tags"];
    private static readonly string[] RequiredRuleKeys = ["desc", "condition", "output", "severity", "category"];

    public Dictionary<string, ListDefinition> Lists { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MacroDefinition> Macros { get; } = new(StringComparer.Ordinal);

    public List<RuleDefinition> Rules { get; } = [];

    public void Apply(RuleFileItem item)
    {
        switch (item.Kind)
        {
            case ItemKind.List:
                ApplyList(item);
                break;
            case ItemKind.Macro:
                ApplyMacro(item);
                break;
            default:
                ApplyRule(item);
                break;
        }
    }

    private void ApplyList(RuleFileItem item)
    {
        Lists.TryGetValue(item.Name, out var list);
        if (item.ListItems is null || !CheckMode(item, list?.File, ["items"], ["items"]))
        {
            return;
        }

        if (list is not null && item.Mode != ItemMode.Define)
        {
            list.Items = item.Appends("items") ? [.. list.Items, .. item.ListItems] : item.ListItems;
            return;
        }

        Lists[item.Name] = new ListDefinition(item.Name, item.Yaml.File, item.ListItems);
    }

    private void ApplyMacro(RuleFileItem item)
    {
        Macros.TryGetValue(item.Name, out var macro);
        if (item.Condition is null || !CheckMode(item, macro?.File, ["condition"], ["condition"]))
        {
            return;
        }

        if (macro is not null && item.Mode != ItemMode.Define)
        {
            macro.Condition = item.Appends("condition") ? ConditionSource.Join(macro.Condition, item.Condition) : item.Condition;
            return;
        }

        Macros[item.Name] = new MacroDefinition(item.Name, item.Yaml.File, item.Condition);
    }

    private void ApplyRule(RuleFileItem item)
    {
        var rule = Rules.Find(r => r.Id == item.Name);
        var keys = PresentKeys(item);
        if (item.Mode == ItemMode.Define && keys.All(k => PatchKeys.Contains(k, StringComparer.Ordinal)) && keys.Count > 1)
        {
            if (rule is null)
            {
                item.Yaml.Error(item.Yaml.Map, $"{item.What} is not defined by an earlier item or file; 'enabled' or 'severity' alone can only change a defined rule");
                return;
            }

            item.Mode = ItemMode.Patch;
        }

        if (!CheckMode(item, rule?.File, [.. RuleItemParser.Keys.Except(["rule", "append", "override"], StringComparer.Ordinal)], AppendableRuleKeys))
        {
            return;
        }

        if (item.Mode == ItemMode.Define)
        {
            var missing = RequiredRuleKeys.Where(k => !item.Yaml.Has(k) && !(k == "severity" && item.Yaml.Has("priority"))).ToList();
            foreach (var key in missing)
            {
                item.Yaml.Error(item.Yaml.Map, $"{item.What} is missing required key '{key}'");
            }

            if (missing.Count > 0)
            {
                return;
            }

            var fresh = new RuleDefinition(item.Name, item.Yaml.File, (int)item.Yaml.Map.Start.Line, (int)item.Yaml.Map.Start.Column);
            if (rule is null)
            {
                Rules.Add(fresh);
            }
            else
            {
                Rules[Rules.IndexOf(rule)] = fresh;
            }

            rule = fresh;
        }

        RuleUpdate.Apply(rule!, item);
    }

    /// <summary>
    /// Checks that an item's form fits what exists: appending or overriding needs an earlier definition, a
    /// second full definition in the same file is a duplicate, and an override lists exactly the keys given.
    /// </summary>
    private static bool CheckMode(RuleFileItem item, RuleFileText? definedIn, IReadOnlyCollection<string> overridable, IReadOnlyCollection<string> appendable)
    {
        var yaml = item.Yaml;
        switch (item.Mode)
        {
            case ItemMode.Define when definedIn is not null && ReferenceEquals(definedIn, yaml.File):
                yaml.Error(yaml.Map, $"duplicate {item.What}: already defined in this file; use 'append: true' or 'override' to change it");
                return false;
            case ItemMode.Append or ItemMode.Override when definedIn is null:
                yaml.Error(yaml.Map, $"{item.What} has {(item.Mode == ItemMode.Append ? "append: true" : "override")}, but no earlier item or file defines it");
                return false;
            case ItemMode.Append:
                var notAppendable = PresentKeys(item).Where(k => k is not ("rule" or "macro" or "list" or "append") && !appendable.Contains(k, StringComparer.Ordinal)).ToList();
                foreach (var key in notAppendable)
                {
                    yaml.Error(yaml.KeyNode(key)!, $"{item.What} has append: true, which can only add to {string.Join(", ", appendable.Select(k => $"'{k}'"))}; to change '{key}' use override: {{{key}: replace}}");
                }

                return notAppendable.Count == 0;
            case ItemMode.Override:
                return CheckOverride(item, overridable, appendable);
            default:
                return true;
        }
    }

    private static bool CheckOverride(RuleFileItem item, IReadOnlyCollection<string> overridable, IReadOnlyCollection<string> appendable)
    {
        var yaml = item.Yaml;
        var ok = true;
        var overrideNode = yaml.Node("override")!;
        foreach (var (key, append) in item.Overrides)
        {
            var problem = !overridable.Contains(key, StringComparer.Ordinal) ? $"'{key}' cannot be overridden"
                : !yaml.Has(key) ? $"override lists '{key}', but the item has no '{key}'"
                : append && !appendable.Contains(key, StringComparer.Ordinal) ? $"'{key}' cannot be appended, only replaced"
                : null;
            if (problem is not null)
            {
                yaml.Error(overrideNode, $"{item.What}: {problem}");
                ok = false;
            }
        }

        foreach (var key in PresentKeys(item).Where(k => overridable.Contains(k, StringComparer.Ordinal) && !item.Overrides.ContainsKey(k)))
        {
            yaml.Error(yaml.KeyNode(key)!, $"{item.What} has '{key}', which 'override' does not list; add '{key}: replace' or '{key}: append' to it");
            ok = false;
        }

        return ok;
    }

    private static List<string> PresentKeys(RuleFileItem item) =>
        [.. item.Yaml.Map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(k => k.Value ?? "")];
}
