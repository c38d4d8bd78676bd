namespace LlmObserve.Detection.Rules;

/// <summary>
/// Splits a condition into tokens. Bare words run until white space, a parenthesis, a comma, a quote or a
/// comparison symbol, so values such as <c>*.openai.com</c> or <c>/usr/bin/curl</c> need no quotes. In a quoted
/// string only the opening quote can be escaped (<c>\'</c> or <c>\"</c>); every other backslash is kept, so
/// regular expressions read as written.
/// </summary>
internal static class ConditionLexer
{
    public static List<Token> Tokenize(string text, TextOrigin origin, ICollection<RuleError> errors)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", text.Length));
                return tokens;
            }

            var start = i;
            var c = text[i];
            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.LeftParen, "(", i++));
                    break;
                case ')':
                    tokens.Add(new Token(TokenKind.RightParen, ")", i++));
                    break;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", i++));
                    break;
                case '\'' or '"':
                    if (!ReadString(text, ref i, out var value))
                    {
                        errors.Add(origin.Error(start, $"unterminated string: expected a closing {c} for the quote at {origin.Describe(start)}"));
                        return [];
                    }

                    tokens.Add(new Token(TokenKind.String, value, start));
                    break;
                case '=' or '<' or '>' or '!' when IsSymbolStart(text, i):
                    i += i + 1 < text.Length && text[i + 1] == '=' ? 2 : 1;
                    var symbol = text[start..i];
                    tokens.Add(new Token(TokenKind.Symbol, symbol == "==" ? Operators.Equal : symbol, start));
                    break;
                default:
                    while (i < text.Length && !EndsWord(text, i))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Word, text[start..i], start));
                    break;
            }
        }
    }

    private static bool IsSymbolStart(string text, int i) => text[i] != '!' || (i + 1 < text.Length && text[i + 1] == '=');

    private static bool EndsWord(string text, int i) =>
        char.IsWhiteSpace(text[i]) || text[i] is '(' or ')' or ',' or '\'' or '"' or '=' or '<' or '>' || (text[i] == '!' && IsSymbolStart(text, i));

    private static bool ReadString(string text, ref int i, out string value)
    {
        var quote = text[i++];
        var builder = new System.Text.StringBuilder();
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == quote)
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\\' && i < text.Length && text[i] == quote)
            {
                c = text[i++];
            }

            builder.Append(c);
        }

        value = "";
        return false;
    }
}
