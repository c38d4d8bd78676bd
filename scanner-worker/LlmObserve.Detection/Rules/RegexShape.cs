namespace LlmObserve.Detection.Rules;

/// <summary>
/// Walks a regex's groups and quantifiers to refuse what a backtracking engine would take exponential time
/// on, even though rules run on a linear-time engine: a rule must stay safe wherever it is reused. Refused:
/// a repetition of something that itself contains an unbounded repetition (<c>(a+)+</c>, <c>(.*a)*</c>,
/// <c>(\w+\s?)*</c>) unless each iteration must end in a character its inner repetitions cannot match
/// (<c>(?:[a-z]+\.)+</c> is fine), and an unbounded repetition of alternatives that can start alike
/// (<c>(a|aa)+</c>). Also refused by name: lookarounds, atomic groups, conditionals and backreferences, which
/// the linear-time engine does not support. Syntax errors are left to the regex parser.
/// </summary>
internal sealed class RegexShape
{
    private const int Unbounded = RegexTokens.Unbounded;
    private const int MaxDepth = 64;

    private readonly string _pattern;
    private readonly bool _ignoreCase;
    private int _i;
    private int _depth;
    private string? _error;

    private RegexShape(string pattern)
    {
        _pattern = pattern;
        _ignoreCase = RegexTokens.EnablesIgnoreCase(pattern);
    }

    /// <summary>Null when the pattern's shape is safe, else why not, in words.</summary>
    public static string? Check(string pattern)
    {
        var shape = new RegexShape(pattern);
        shape.Alternation();
        return shape._error;
    }

    /// <summary>What a piece of the pattern can match, as far as the shape check needs to know.</summary>
    private record struct Piece(
        RegexCharSet First,
        bool Nullable,
        RegexCharSet Chars,
        bool HasUnbounded,
        RegexCharSet UnboundedChars,
        RegexCharSet? Single,
        RegexCharSet? Terminator,
        int Alternatives,
        bool AlternativesOverlap);

    private static Piece Char(RegexCharSet set) => new(set, false, set, false, RegexCharSet.Empty, set, null, 1, false);

    private static Piece ZeroWidth => new(RegexCharSet.Empty, true, RegexCharSet.Empty, false, RegexCharSet.Empty, null, null, 1, false);

    private bool More => _error is null && _i < _pattern.Length;

    private Piece Alternation()
    {
        var alternatives = new List<Piece> { Sequence() };
        while (More && _pattern[_i] == '|')
        {
            _i++;
            alternatives.Add(Sequence());
        }

        if (alternatives.Count == 1)
        {
            return alternatives[0];
        }

        var result = alternatives[0] with { Single = null, Terminator = null, Alternatives = alternatives.Count };
        for (var a = 1; a < alternatives.Count; a++)
        {
            var next = alternatives[a];
            var overlap = result.Nullable || next.Nullable || result.First.Overlaps(next.First);
            result = result with
            {
                First = result.First | next.First,
                Nullable = result.Nullable || next.Nullable,
                Chars = result.Chars | next.Chars,
                HasUnbounded = result.HasUnbounded || next.HasUnbounded,
                UnboundedChars = result.UnboundedChars | next.UnboundedChars,
                AlternativesOverlap = result.AlternativesOverlap || overlap,
            };
        }

        return result;
    }

    private Piece Sequence()
    {
        var result = ZeroWidth;
        while (More && _pattern[_i] is not ('|' or ')'))
        {
            var next = Quantified();
            result = new Piece(
                result.Nullable ? result.First | next.First : result.First,
                result.Nullable && next.Nullable,
                result.Chars | next.Chars,
                result.HasUnbounded || next.HasUnbounded,
                result.UnboundedChars | next.UnboundedChars,
                null,
                next.Single,
                1,
                false);
        }

        return result;
    }

    private Piece Quantified()
    {
        var start = _i;
        var atom = Atom();
        var atomEnd = _i;
        if (!More || !TryQuantifier(out var min, out var max))
        {
            return atom;
        }

        var repeating = max == Unbounded || (max > 1 && max != min);
        if (repeating && atom.HasUnbounded && (atom.Alternatives > 1 || atom.Terminator is not { } end || end.Overlaps(atom.UnboundedChars)))
        {
            return Fail($"regex '{_pattern}' nests a repeated group inside a repetition (catastrophic backtracking); rewrite it without nesting");
        }

        if (max == Unbounded && atom.Alternatives > 1 && atom.AlternativesOverlap)
        {
            return Fail($"regex '{_pattern}' repeats '{_pattern[start..atomEnd]}', whose alternatives can match the same text (catastrophic backtracking); make each alternative start with a different character");
        }

        return atom with
        {
            Nullable = atom.Nullable || min == 0,
            HasUnbounded = atom.HasUnbounded || max == Unbounded,
            UnboundedChars = max == Unbounded ? atom.UnboundedChars | atom.Chars : atom.UnboundedChars,
            Single = min == 1 && max == 1 ? atom.Single : null,
            Alternatives = 1,
        };
    }

    private bool TryQuantifier(out int min, out int max) => RegexTokens.TryQuantifier(_pattern, ref _i, out min, out max);

    private Piece Atom()
    {
        var c = _pattern[_i++];
        switch (c)
        {
            case '(':
                return Group();
            case '[':
                return Char(Fold(RegexTokens.ReadClass(_pattern, ref _i)));
            case '.':
                return Char(RegexCharSet.Dot);
            case '^' or '$':
                return ZeroWidth;
            case '\\' when _i < _pattern.Length:
                return Escape();
            default:
                return Char(Fold(RegexCharSet.Of(c)));
        }
    }

    private Piece Escape()
    {
        var c = _pattern[_i++];
        if (c is >= '1' and <= '9' || (c == 'k' && _i < _pattern.Length && _pattern[_i] is '<' or '\''))
        {
            return Fail($"regex '{_pattern}' uses a backreference '\\{c}', which the linear-time regex engine does not support; match the repeated text explicitly");
        }

        _i = RegexTokens.SkipEscapeArguments(_pattern, c, _i);
        return RegexCharSet.OfEscape(c, inClass: false) is { } set ? Char(Fold(set)) : ZeroWidth;
    }

    private Piece Group()
    {
        var rest = _pattern.AsSpan(_i);
        var refused = rest switch
        {
            _ when rest.StartsWith("?=") || rest.StartsWith("?!") => "a lookahead",
            _ when rest.StartsWith("?<=") || rest.StartsWith("?<!") => "a lookbehind",
            _ when rest.StartsWith("?>") => "an atomic group",
            _ when rest.StartsWith("?(") => "a conditional group",
            _ => null,
        };
        if (refused is not null)
        {
            var construct = rest.StartsWith("?<") ? rest[..3] : rest[..2];
            return Fail($"regex '{_pattern}' uses {refused} '({construct}', which the linear-time regex engine does not support; match the text itself, or split the test into two conditions joined by 'and not'");
        }

        if (rest.StartsWith("?#"))
        {
            var end = _pattern.IndexOf(')', _i);
            _i = end < 0 ? _pattern.Length : end + 1;
            return ZeroWidth;
        }

        if (rest.StartsWith("?"))
        {
            var close = rest.StartsWith("?<") ? _pattern.IndexOf('>', _i) : rest.StartsWith("?'") ? _pattern.IndexOf('\'', _i + 2) : -1;
            if (close >= 0)
            {
                _i = close + 1;
            }
            else
            {
                var flags = _i + 1;
                while (flags < _pattern.Length && _pattern[flags] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
                {
                    flags++;
                }

                if (flags < _pattern.Length && _pattern[flags] == ')')
                {
                    _i = flags + 1;
                    return ZeroWidth; // inline options for the rest of the pattern
                }

                _i = flags < _pattern.Length && _pattern[flags] == ':' ? flags + 1 : _i;
            }
        }

        if (++_depth > MaxDepth)
        {
            return Fail($"regex nests groups more than {MaxDepth} deep");
        }

        var inner = Alternation();
        _depth--;
        if (More && _pattern[_i] == ')')
        {
            _i++;
        }

        return inner with { Single = null };
    }

    private RegexCharSet Fold(RegexCharSet set) => _ignoreCase ? set.FoldCase() : set;

    private Piece Fail(string message)
    {
        _error ??= message;
        _i = _pattern.Length;
        return ZeroWidth;
    }
}
