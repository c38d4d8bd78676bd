namespace LlmObserve.Detection.Rules;

/// <summary>
/// Turns parsed conditions into <see cref="ConditionNode"/> trees once every file is merged: resolves macros
/// and lists (detecting cycles), checks each field's operators and value types, and compiles regexes and globs.
/// Each macro is bound once and its tree shared by every rule that uses it, so an error inside a macro is
/// reported once, at the macro.
/// </summary>
internal sealed partial class ConditionBinder
{
    /// <summary>How deep a compiled condition may be, macros expanded: evaluation recurses once per level.</summary>
    public const int MaxDepth = 200;

    /// <summary>How deep lists may include lists.</summary>
    public const int MaxListDepth = 32;

    private readonly IReadOnlyDictionary<string, ListDefinition> _lists;
    private readonly IReadOnlyDictionary<string, MacroDefinition> _macros;
    private readonly IReadOnlySet<string> _detectors;
    private readonly ICollection<RuleError> _errors;
    private readonly Dictionary<string, ConditionNode?> _boundMacros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _resolvedLists = new(StringComparer.Ordinal);
    private readonly List<string> _macroPath = [];
    private readonly List<string> _listPath = [];
    private int _depth;

    public ConditionBinder(
        IReadOnlyDictionary<string, ListDefinition> lists,
        IReadOnlyDictionary<string, MacroDefinition> macros,
        IReadOnlySet<string> detectors,
        ICollection<RuleError> errors)
    {
        _lists = lists;
        _macros = macros;
        _detectors = detectors;
        _errors = errors;
    }

    /// <summary>A node for the condition; null when something in it is wrong (every error is reported).</summary>
    public ConditionNode? Bind(Syntax syntax)
    {
        if (_depth >= MaxDepth)
        {
            _errors.Add(syntax.Origin.Error(syntax.Offset, $"the condition nests more than {MaxDepth} levels deep, macros expanded"));
            return null;
        }

        _depth++;
        var node = BindComposite(syntax);
        _depth--;
        if (node is not null && node.Depth > MaxDepth)
        {
            _errors.Add(syntax.Origin.Error(syntax.Offset, $"the condition nests more than {MaxDepth} levels deep, macros expanded"));
            return null;
        }

        return node;
    }

    private ConditionNode? BindComposite(Syntax syntax)
    {
        switch (syntax)
        {
            case AndSyntax and:
                var andOperands = BindAll(and.Operands);
                return andOperands is null ? null : new AndNode(Flatten(andOperands));
            case OrSyntax or:
                var orOperands = BindAll(or.Operands);
                return orOperands is null ? null : new OrNode(orOperands);
            case NotSyntax not:
                return Bind(not.Operand) is { } operand ? new NotNode(operand) : null;
            case MacroSyntax macro:
                return BindMacro(macro);
            case PredicateSyntax predicate:
                return BindPredicate(predicate.Field, predicate.Origin, predicate.Offset, predicate.Operator, predicate.OperatorOffset, predicate.Values);
            default:
                return null;
        }
    }

    /// <summary>Binds every macro, used or not, so that an unused macro's errors are reported too.</summary>
    public void BindAllMacros()
    {
        foreach (var name in _macros.Keys)
        {
            BindMacroByName(name, null);
        }
    }

    /// <summary>Every list's items, references to other lists expanded.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ResolveAllLists()
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, list) in _lists)
        {
            result[name] = ResolveList(name, list.Items.Count > 0 ? list.Items[0] : null) ?? [];
        }

        return result;
    }

    private ConditionNode[]? BindAll(IReadOnlyList<Syntax> operands)
    {
        var nodes = new ConditionNode?[operands.Count];
        for (var i = 0; i < operands.Count; i++)
        {
            nodes[i] = Bind(operands[i]);
        }

        return nodes.Any(n => n is null) ? null : Array.ConvertAll(nodes, n => n!);
    }

    // and(a, and(b, c)) → and(a, b, c), so that the cost ordering sees every operand.
    private static ConditionNode[] Flatten(ConditionNode[] nodes) =>
        nodes.Any(n => n is AndNode) ? [.. nodes.SelectMany(n => n is AndNode and ? and.Operands : [n])] : nodes;

    private ConditionNode? BindMacro(MacroSyntax reference)
    {
        if (_macros.ContainsKey(reference.Name))
        {
            return BindMacroByName(reference.Name, reference);
        }

        var isField = FieldCatalog.Find(reference.Name) is not null || reference.Name.StartsWith("detect.", StringComparison.Ordinal);
        _errors.Add(reference.Origin.Error(reference.Offset, isField
            ? $"field '{reference.Name}' needs an operator, e.g. '{reference.Name} exists'"
            : reference.Name.Contains('.', StringComparison.Ordinal)
                ? $"unknown field '{reference.Name}'{Suggestions.DidYouMean(reference.Name, FieldNames())}; a field needs an operator after it"
                : $"unknown macro '{reference.Name}'{Suggestions.DidYouMean(reference.Name, _macros.Keys)}"));
        return null;
    }

    private ConditionNode? BindMacroByName(string name, MacroSyntax? reference)
    {
        if (_macroPath.Contains(name))
        {
            var cycle = string.Join(" -> ", _macroPath.SkipWhile(m => m != name).Append(name));
            if (reference is not null)
            {
                _errors.Add(reference.Origin.Error(reference.Offset, $"macro cycle: {cycle}; a macro cannot use itself"));
            }

            return null;
        }

        if (_boundMacros.TryGetValue(name, out var bound))
        {
            return bound;
        }

        var macro = _macros[name];
        _macroPath.Add(name);
        bound = macro.Condition.Syntax is { } syntax ? Bind(syntax) : null;
        _macroPath.RemoveAt(_macroPath.Count - 1);
        _boundMacros[name] = bound;
        return bound;
    }

    /// <summary>A list's items, references expanded; null (reported) on a cycle.</summary>
    private IReadOnlyList<string>? ResolveList(string name, ValueSyntax? reference)
    {
        if (_resolvedLists.TryGetValue(name, out var resolved))
        {
            return resolved;
        }

        if (_listPath.Count >= MaxListDepth && reference is not null)
        {
            _errors.Add(reference.Origin.Error(reference.Offset, $"lists include lists more than {MaxListDepth} deep"));
            return null;
        }

        if (_listPath.Contains(name))
        {
            if (reference is not null)
            {
                var cycle = string.Join(" -> ", _listPath.SkipWhile(l => l != name).Append(name));
                _errors.Add(reference.Origin.Error(reference.Offset, $"list cycle: {cycle}; a list cannot include itself"));
            }

            return null;
        }

        _listPath.Add(name);
        var items = new List<string>();
        foreach (var item in _lists[name].Items)
        {
            if (!item.Quoted && _lists.ContainsKey(item.Text))
            {
                items.AddRange(ResolveList(item.Text, item) ?? []);
            }
            else
            {
                items.Add(item.Text);
            }
        }

        _listPath.RemoveAt(_listPath.Count - 1);
        _resolvedLists[name] = items;
        return items;
    }

    private static IEnumerable<string> FieldNames() => FieldCatalog.All.Select(f => f.Name);
}
