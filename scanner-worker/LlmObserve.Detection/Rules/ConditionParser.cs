namespace LlmObserve.Detection.Rules;

/// <summary>
/// Parses a condition into <see cref="Syntax"/>. Precedence, loosest first: <c>or</c>, <c>and</c>, <c>not</c>;
/// parentheses group. A syntax error stops the parse of that condition (one error per condition is enough
/// to fix it); resolving names and checking types is the binder's job.
/// </summary>
internal sealed class ConditionParser
{
    /// <summary>How deep parentheses and <c>not</c> may nest: the parser and the evaluator recurse, and a rule file must not be able to exhaust the stack.</summary>
    public const int MaxDepth = 50;

    private readonly List<Token> _tokens;
    private readonly TextOrigin _origin;
    private readonly ICollection<RuleError> _errors;
    private int _next;
    private int _depth;
    private bool _failed;

    private ConditionParser(List<Token> tokens, TextOrigin origin, ICollection<RuleError> errors)
    {
        _tokens = tokens;
        _origin = origin;
        _errors = errors;
    }

    /// <summary>A whole condition; null after a syntax error (which is added to <paramref name="errors"/>).</summary>
    public static Syntax? Parse(string text, TextOrigin origin, ICollection<RuleError> errors)
    {
        var parser = Create(text, origin, errors);
        if (parser is null)
        {
            return null;
        }

        var result = parser.ParseOr();
        parser.ExpectEnd();
        return parser._failed ? null : result;
    }

    /// <summary>
    /// The condition an <c>append</c> adds: <c>and …</c> or <c>or …</c>, combined with the original as
    /// <c>(original) and (…)</c>, so an appended fragment never changes how the original groups.
    /// </summary>
    public static (bool IsOr, Syntax Operand)? ParseAppended(string text, TextOrigin origin, ICollection<RuleError> errors)
    {
        var parser = Create(text, origin, errors);
        if (parser is null)
        {
            return null;
        }

        var first = parser.Peek;
        if (!first.IsWord("and") && !first.IsWord("or"))
        {
            errors.Add(origin.Error(first.Offset, $"an appended condition must start with 'and' or 'or', but found {first.Shown}"));
            return null;
        }

        parser._next++;
        var operand = parser.ParseOr();
        parser.ExpectEnd();
        return parser._failed ? null : (first.Text == "or", operand);
    }

    private static ConditionParser? Create(string text, TextOrigin origin, ICollection<RuleError> errors)
    {
        var count = errors.Count;
        var tokens = ConditionLexer.Tokenize(text, origin, errors);
        return errors.Count > count ? null : new ConditionParser(tokens, origin, errors);
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    private void ExpectEnd()
    {
        if (!_failed && Peek.Kind != TokenKind.End)
        {
            Fail(Peek, Peek.Kind == TokenKind.RightParen
                ? "unexpected ')' with no '(' to close"
                : $"expected 'and', 'or' or the end of the condition, but found {Peek.Shown}");
        }
    }

    private Syntax ParseOr()
    {
        var first = ParseAnd();
        if (!Peek.IsWord("or"))
        {
            return first;
        }

        var operands = new List<Syntax> { first };
        while (!_failed && Peek.IsWord("or"))
        {
            _next++;
            operands.Add(ParseAnd());
        }

        return new OrSyntax(_origin, first.Offset, operands);
    }

    private Syntax ParseAnd()
    {
        var first = ParseUnary();
        if (!Peek.IsWord("and"))
        {
            return first;
        }

        var operands = new List<Syntax> { first };
        while (!_failed && Peek.IsWord("and"))
        {
            _next++;
            operands.Add(ParseUnary());
        }

        return new AndSyntax(_origin, first.Offset, operands);
    }

    private Syntax ParseUnary()
    {
        if (_depth >= MaxDepth)
        {
            return Fail(Peek, $"the condition nests parentheses and 'not' more than {MaxDepth} deep");
        }

        _depth++;
        Syntax result;
        if (Peek.IsWord("not"))
        {
            var not = Take();
            result = new NotSyntax(_origin, not.Offset, ParseUnary());
        }
        else
        {
            result = ParsePrimary();
        }

        _depth--;
        return result;
    }

    private Syntax ParsePrimary()
    {
        var token = Take();
        if (_failed)
        {
            return Dummy(token);
        }

        switch (token.Kind)
        {
            case TokenKind.LeftParen:
                var inner = ParseOr();
                if (!_failed && Peek.Kind != TokenKind.RightParen)
                {
                    return Fail(Peek, $"expected ')' to close '(' at {_origin.Describe(token.Offset)}, but found {Peek.Shown}");
                }

                Take();
                return inner;
            case TokenKind.Word when token.Text is "and" or "or":
                return Fail(token, $"expected a condition before '{token.Text}'");
            case TokenKind.Word when IsOperator(Peek):
                return ParsePredicate(token);
            case TokenKind.Word when !Operators.All.Contains(token.Text):
                return new MacroSyntax(_origin, token.Offset, token.Text);
            case TokenKind.End:
                return Fail(token, "expected a condition (a field test, a macro or '('), but the condition ends here");
            default:
                return Fail(token, $"expected a condition (a field test, a macro or '('), but found {token.Shown}");
        }
    }

    private static bool IsOperator(Token token) =>
        token.Kind == TokenKind.Symbol || (token.Kind == TokenKind.Word && Operators.Words.Contains(token.Text));

    private Syntax ParsePredicate(Token field)
    {
        var op = Take();
        var values = new List<ValueSyntax>();
        if (op.Text == Operators.Exists)
        {
            return new PredicateSyntax(_origin, field.Offset, field.Text, op.Text, op.Offset, values);
        }

        if (op.Text == Operators.In)
        {
            if (Peek.Kind == TokenKind.Word)
            {
                var list = Take();
                values.Add(new ValueSyntax(_origin, list.Offset, list.Text, Quoted: false, ListReference: true));
                return new PredicateSyntax(_origin, field.Offset, field.Text, op.Text, op.Offset, values);
            }

            if (Peek.Kind != TokenKind.LeftParen)
            {
                return Fail(Peek, $"expected '(' or a list name after 'in', but found {Peek.Shown}");
            }

            var open = Take();
            while (!_failed)
            {
                var value = Take();
                if (value.Kind == TokenKind.RightParen && values.Count == 0)
                {
                    return Fail(value, "expected at least one value in 'in (…)'");
                }

                if (value.Kind is not (TokenKind.Word or TokenKind.String))
                {
                    return Fail(value, $"expected a value in 'in (…)', but found {value.Shown}");
                }

                values.Add(new ValueSyntax(_origin, value.Offset, value.Text, value.Kind == TokenKind.String));
                var separator = Take();
                if (separator.Kind == TokenKind.RightParen)
                {
                    break;
                }

                if (separator.Kind != TokenKind.Comma)
                {
                    return Fail(separator, $"expected ',' or ')' to close '(' at {_origin.Describe(open.Offset)}, but found {separator.Shown}");
                }
            }

            return new PredicateSyntax(_origin, field.Offset, field.Text, op.Text, op.Offset, values);
        }

        var operand = Take();
        if (operand.Kind is not (TokenKind.Word or TokenKind.String))
        {
            return Fail(operand, $"expected a value after '{op.Text}', but found {operand.Shown}");
        }

        values.Add(new ValueSyntax(_origin, operand.Offset, operand.Text, operand.Kind == TokenKind.String));
        return new PredicateSyntax(_origin, field.Offset, field.Text, op.Text, op.Offset, values);
    }

    private MacroSyntax Fail(Token at, string message)
    {
        if (!_failed)
        {
            _failed = true;
            _errors.Add(_origin.Error(at.Offset, message));
        }

        return Dummy(at);
    }

    private MacroSyntax Dummy(Token at) => new(_origin, at.Offset, "");
}
