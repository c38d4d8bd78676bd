using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection.Rules;

internal enum ItemKind
{
    List,
    Macro,
    Rule,
}

/// <summary>
/// One item of a rule file, its values read and checked, before it is applied to what earlier items and
/// files defined. Only the keys the item has are set.
/// </summary>
internal sealed class RuleFileItem(ItemKind kind, string name, YamlItem yaml)
{
    public ItemKind Kind { get; } = kind;

    public string Name { get; } = name;

    /// <summary>The item's mapping, to put merge errors at its keys.</summary>
    public YamlItem Yaml { get; } = yaml;

    public ItemMode Mode { get; set; } = ItemMode.Define;

    /// <summary>For <see cref="ItemMode.Override"/>: each key, and whether it is appended (else replaced).</summary>
    public Dictionary<string, bool> Overrides { get; } = new(StringComparer.Ordinal);

    public List<ValueSyntax>? ListItems { get; set; }

    public ConditionSource? Condition { get; set; }

    public string? Description { get; set; }

    public OutputTemplate? Output { get; set; }

    public FindingSeverity? Severity { get; set; }

    public string? Category { get; set; }

    public List<string>? Tags { get; set; }

    public bool? Enabled { get; set; }

    public List<ExceptionDefinition>? Exceptions { get; set; }

    public IReadOnlyList<RuleExample>? PositiveExamples { get; set; }

    public IReadOnlyList<RuleExample>? NegativeExamples { get; set; }

    /// <summary>Whether the item appends to <paramref name="key"/> (by <c>append: true</c> or <c>override: {key: append}</c>).</summary>
    public bool Appends(string key) => Mode == ItemMode.Append || (Mode == ItemMode.Override && Overrides.GetValueOrDefault(key));

    public string What => $"{Kind.ToString().ToLowerInvariant()} '{Name}'";
}
