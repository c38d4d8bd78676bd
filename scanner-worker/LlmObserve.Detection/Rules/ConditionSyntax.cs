namespace LlmObserve.Detection.Rules;

internal enum TokenKind
{
    Word,
    String,
    LeftParen,
    RightParen,
    Comma,
    Symbol,
    End,
}

/// <summary>One token of a condition, with its offset in the condition text (for error positions).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;

    /// <summary>How the token reads in an error message.</summary>
    public string Shown => Kind switch
    {
        TokenKind.End => "the end of the condition",
        TokenKind.String => $"'{Text}' (a quoted string)",
        _ => $"'{Text}'",
    };
}

/// <summary>A parsed condition, before names are resolved and types checked.</summary>
internal abstract record Syntax(TextOrigin Origin, int Offset);

internal sealed record AndSyntax(TextOrigin Origin, int Offset, IReadOnlyList<Syntax> Operands) : Syntax(Origin, Offset);

internal sealed record OrSyntax(TextOrigin Origin, int Offset, IReadOnlyList<Syntax> Operands) : Syntax(Origin, Offset);

internal sealed record NotSyntax(TextOrigin Origin, int Offset, Syntax Operand) : Syntax(Origin, Offset);

/// <summary>A bare name that is not followed by an operator: a macro reference.</summary>
internal sealed record MacroSyntax(TextOrigin Origin, int Offset, string Name) : Syntax(Origin, Offset);

/// <summary><c>field op value</c>, <c>field in (values)</c>, <c>field in list</c> or <c>field exists</c>.</summary>
internal sealed record PredicateSyntax(
    TextOrigin Origin, int Offset, string Field, string Operator, int OperatorOffset, IReadOnlyList<ValueSyntax> Values)
    : Syntax(Origin, Offset);

/// <summary>
/// A value of a predicate. <paramref name="Quoted"/> values are always literals; a bare word inside
/// <c>in (…)</c> that names a list stands for its items; <paramref name="ListReference"/> is a name that must be
/// a list (<c>in name</c> without parentheses, or an exception's <c>in</c> value given as a name).
/// </summary>
internal sealed record ValueSyntax(TextOrigin Origin, int Offset, string Text, bool Quoted, bool ListReference = false);

/// <summary>The operators of the language, as written.</summary>
internal static class Operators
{
    public const string Equal = "=";
    public const string NotEqual = "!=";
    public const string Less = "<";
    public const string LessOrEqual = "<=";
    public const string Greater = ">";
    public const string GreaterOrEqual = ">=";
    public const string In = "in";
    public const string Contains = "contains";
    public const string IContains = "icontains";
    public const string StartsWith = "startswith";
    public const string EndsWith = "endswith";
    public const string Glob = "glob";
    public const string Regex = "regex";
    public const string Exists = "exists";

    public static IReadOnlySet<string> Words { get; } =
        new HashSet<string>(StringComparer.Ordinal) { In, Contains, IContains, StartsWith, EndsWith, Glob, Regex, Exists };

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(Words.Concat([Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual]), StringComparer.Ordinal);
}
