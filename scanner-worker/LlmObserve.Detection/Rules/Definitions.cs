using LlmObserve.Contracts.Findings;

namespace LlmObserve.Detection.Rules;

/// <summary>How an item changes a definition of the same name from an earlier item or file.</summary>
internal enum ItemMode
{
    /// <summary>A new definition, or a replacement of one from an earlier file.</summary>
    Define,

    /// <summary><c>append: true</c>: items, condition, exceptions and tags are added to the earlier definition.</summary>
    Append,

    /// <summary><c>override: {key: append|replace}</c>: each listed key is appended or replaced.</summary>
    Override,

    /// <summary>A rule item with only <c>enabled</c> and/or <c>severity</c> (<c>priority</c>): changes those of an earlier rule.</summary>
    Patch,
}

/// <summary>A condition as written (for display) and as parsed (null after a syntax error, already reported).</summary>
internal sealed record ConditionSource(string Text, Syntax? Syntax, TextOrigin Origin)
{
    /// <summary>For an appended condition: whether it was joined with <c>or</c> rather than <c>and</c>.</summary>
    public bool AppendsWithOr { get; init; }

    public static ConditionSource Join(ConditionSource original, ConditionSource appended)
    {
        var text = $"({original.Text}) {(appended.AppendsWithOr ? "or" : "and")} ({StripJoiner(appended.Text)})";
        if (original.Syntax is null || appended.Syntax is null)
        {
            return new ConditionSource(text, null, original.Origin);
        }

        Syntax joined = appended.AppendsWithOr
            ? new OrSyntax(original.Origin, original.Syntax.Offset, [original.Syntax, appended.Syntax])
            : new AndSyntax(original.Origin, original.Syntax.Offset, [original.Syntax, appended.Syntax]);
        return new ConditionSource(text, joined, original.Origin);
    }

    private static string StripJoiner(string text)
    {
        var trimmed = text.TrimStart();
        var space = trimmed.IndexOfAny([' ', '\t', '\n', '\r']);
        return space < 0 ? "" : trimmed[(space + 1)..].Trim();
    }
}

/// <summary>A named list while files are merged: its items as written (references to other lists resolved later).</summary>
internal sealed class ListDefinition(string name, RuleFileText file, List<ValueSyntax> items)
{
    public string Name { get; } = name;

    /// <summary>The file whose full definition is in force (a duplicate in that same file is an error).</summary>
    public RuleFileText File { get; set; } = file;

    public List<ValueSyntax> Items { get; set; } = items;
}

internal sealed class MacroDefinition(string name, RuleFileText file, ConditionSource condition)
{
    public string Name { get; } = name;

    public RuleFileText File { get; set; } = file;

    public ConditionSource Condition { get; set; } = condition;
}

/// <summary>A rule's Falco-style exception: its fields, one comparison per field, and value tuples (per field, one value, or several for <c>in</c>).</summary>
internal sealed record ExceptionDefinition(
    string Name,
    IReadOnlyList<(string Field, TextOrigin Origin)> Fields,
    IReadOnlyList<string> Comps,
    List<IReadOnlyList<IReadOnlyList<ValueSyntax>>> Tuples);

/// <summary>A rule while files are merged; compiled into a <see cref="CompiledRule"/> once every file is read.</summary>
internal sealed class RuleDefinition(string id, RuleFileText file, int line, int column)
{
    public string Id { get; } = id;

    public RuleFileText File { get; set; } = file;

    public int Line { get; set; } = line;

    public int Column { get; set; } = column;

    public string Description { get; set; } = "";

    public ConditionSource? Condition { get; set; }

    public OutputTemplate? Output { get; set; }

    public FindingSeverity Severity { get; set; }

    public string Category { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public bool Enabled { get; set; } = true;

    public List<ExceptionDefinition> Exceptions { get; set; } = [];

    public IReadOnlyList<RuleExample> PositiveExamples { get; set; } = [];

    public IReadOnlyList<RuleExample> NegativeExamples { get; set; } = [];
}
