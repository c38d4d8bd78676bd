namespace LlmObserve.Detection.Rules;

/// <summary>
/// An over-approximation of the characters a piece of a regex can match: exact for ASCII, three coarse
/// classes (word, space, other) beyond it, so that <c>\w</c> and <c>\s</c> stay apart. Over-approximating is
/// the safe direction: it can only make the shape check stricter.
/// </summary>
internal readonly record struct RegexCharSet(ulong Low, ulong High, byte NonAscii)
{
    private const byte WordBit = 1;
    private const byte SpaceBit = 2;
    private const byte OtherBit = 4;
    private const byte AllBits = WordBit | SpaceBit | OtherBit;

    public static RegexCharSet Empty => default;

    public static RegexCharSet Any => new(ulong.MaxValue, ulong.MaxValue, AllBits);

    public static RegexCharSet Dot => Any.Without('\n');

    public static RegexCharSet Digit => Range('0', '9') with { NonAscii = WordBit };

    public static RegexCharSet Word => (Range('a', 'z') | Range('A', 'Z') | Range('0', '9') | Of('_')) with { NonAscii = WordBit };

    public static RegexCharSet Space => (Of(' ') | Range('\t', '\r')) with { NonAscii = SpaceBit };

    public static RegexCharSet Of(char c) => c switch
    {
        < (char)64 => new(1UL << c, 0, 0),
        < (char)128 => new(0, 1UL << (c - 64), 0),
        _ when char.IsLetterOrDigit(c) => new(0, 0, WordBit),
        _ when char.IsWhiteSpace(c) => new(0, 0, SpaceBit),
        _ => new(0, 0, OtherBit),
    };

    public static RegexCharSet Range(char from, char to)
    {
        var set = Empty;
        for (var c = from; c <= to && c < 128; c++)
        {
            set |= Of(c);
        }

        return to >= 128 ? set with { NonAscii = AllBits } : set;
    }

    public static RegexCharSet operator |(RegexCharSet a, RegexCharSet b) => new(a.Low | b.Low, a.High | b.High, (byte)(a.NonAscii | b.NonAscii));

    /// <summary>Everything outside the set; beyond ASCII, every class (a set rarely covers a whole class there).</summary>
    public RegexCharSet Complement() => new(~Low, ~High, AllBits);

    public RegexCharSet Without(char c) => c < 64 ? this with { Low = Low & ~(1UL << c) } : c < 128 ? this with { High = High & ~(1UL << (c - 64)) } : this;

    public bool Overlaps(RegexCharSet other) => (Low & other.Low) != 0 || (High & other.High) != 0 || (NonAscii & other.NonAscii) != 0;

    /// <summary>
    /// Adds the other case of every ASCII letter, for patterns with <c>(?i)</c>, and the non-ASCII letters
    /// that fold to ASCII ones (the Kelvin sign to k, the long s to s).
    /// </summary>
    public RegexCharSet FoldCase()
    {
        var set = this;
        for (var c = 'a'; c <= 'z'; c++)
        {
            var upper = (char)(c - 32);
            if (Overlaps(Of(c)) || Overlaps(Of(upper)))
            {
                set |= Of(c) | Of(upper) | new RegexCharSet(0, 0, WordBit);
            }
        }

        return set;
    }

    /// <summary>The set of a class escape (<c>\d</c>, <c>\W</c> …) or of an escaped character; null for anchors (<c>\b</c>, <c>\A</c> …).</summary>
    public static RegexCharSet? OfEscape(char c, bool inClass) => c switch
    {
        'd' => Digit,
        'D' => Digit.Complement(),
        'w' => Word,
        'W' => new RegexCharSet(~Word.Low, ~Word.High, SpaceBit | OtherBit),
        's' => Space,
        'S' => new RegexCharSet(~Space.Low, ~Space.High, WordBit | OtherBit),
        'p' or 'P' or 'x' or 'u' or 'c' or '0' => Any,
        'n' => Of('\n'),
        't' => Of('\t'),
        'r' => Of('\r'),
        'f' => Of('\f'),
        'v' => Of('\v'),
        'e' => Of('\u001b'),
        'a' => Of('\a'),
        'b' when inClass => Of('\b'),
        'b' or 'B' or 'A' or 'z' or 'Z' or 'G' => null,
        _ => Of(c),
    };
}
