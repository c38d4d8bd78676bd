using System.Globalization;

namespace LlmObserve.Detection.Rules;

/// <summary>The lexical pieces of a regex that <see cref="RegexShape"/> reads: classes, escapes, quantifiers, inline options.</summary>
internal static class RegexTokens
{
    public const int Unbounded = int.MaxValue;

    /// <summary>Reads <c>*</c>, <c>+</c>, <c>?</c>, <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> (and a lazy <c>?</c>) at <paramref name="i"/>; false, and nothing read, when there is none.</summary>
    public static bool TryQuantifier(string pattern, ref int i, out int min, out int max)
    {
        (min, max) = pattern[i] switch { '*' => (0, Unbounded), '+' => (1, Unbounded), '?' => (0, 1), _ => (-1, -1) };
        if (min >= 0)
        {
            i++;
        }
        else if (!TryBraces(pattern, ref i, out min, out max))
        {
            return false;
        }

        if (i < pattern.Length && pattern[i] == '?')
        {
            i++; // lazy: same shape
        }

        return true;
    }

    /// <summary>Whether any inline option group turns on <c>i</c>; then every set is case-folded, wherever it is.</summary>
    public static bool EnablesIgnoreCase(string pattern)
    {
        for (var at = pattern.IndexOf("(?", StringComparison.Ordinal); at >= 0; at = pattern.IndexOf("(?", at + 2, StringComparison.Ordinal))
        {
            for (var j = at + 2; j < pattern.Length && pattern[j] is 'i' or 'm' or 'n' or 's' or 'x'; j++)
            {
                if (pattern[j] == 'i')
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reads from just after the <c>[</c> to just after the matching <c>]</c>.</summary>
    public static RegexCharSet ReadClass(string pattern, ref int i)
    {
        var negate = i < pattern.Length && pattern[i] == '^';
        if (negate)
        {
            i++;
        }

        var set = RegexCharSet.Empty;
        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            if (pattern[i] == '-' && i + 1 < pattern.Length && pattern[i + 1] == '[')
            {
                i += 2;
                ReadClass(pattern, ref i); // subtraction: keeping the superset only makes the check stricter
                continue;
            }

            var (from, fromSet) = Member(pattern, ref i);
            if (from is { } low && i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] is not (']' or '['))
            {
                i++;
                var (to, toSet) = Member(pattern, ref i);
                set |= to is { } high && high >= low ? RegexCharSet.Range(low, high) : fromSet | toSet;
                continue;
            }

            set |= fromSet;
        }

        if (i < pattern.Length)
        {
            i++;
        }

        return negate ? set.Complement() : set;
    }

    /// <summary>Past the arguments of an escape such as <c>\p{L}</c>, <c>\x41</c>, <c>\u0041</c>, <c>\cM</c>; <paramref name="i"/> is just after the escape letter.</summary>
    public static int SkipEscapeArguments(string pattern, char escape, int i) => escape switch
    {
        'p' or 'P' when i < pattern.Length && pattern[i] == '{' => pattern.IndexOf('}', i) is var close and >= 0 ? close + 1 : pattern.Length,
        'x' => Math.Min(pattern.Length, i + 2),
        'u' => Math.Min(pattern.Length, i + 4),
        'c' => Math.Min(pattern.Length, i + 1),
        'k' when i < pattern.Length && pattern[i] is '<' or '\'' => pattern.IndexOfAny(['>', '\''], i + 1) is var end and >= 0 ? end + 1 : pattern.Length,
        _ => i,
    };

    private static bool TryBraces(string pattern, ref int i, out int min, out int max)
    {
        (min, max) = (-1, -1);
        var close = pattern.IndexOf('}', i);
        if (pattern[i] != '{' || close < 0)
        {
            return false;
        }

        var body = pattern.AsSpan(i + 1, close - i - 1);
        var comma = body.IndexOf(',');
        if (!int.TryParse(comma < 0 ? body : body[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out min))
        {
            return false;
        }

        if (comma < 0)
        {
            max = min;
        }
        else if (comma == body.Length - 1)
        {
            max = Unbounded;
        }
        else if (!int.TryParse(body[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out max))
        {
            return false;
        }

        i = close + 1;
        return true;
    }

    /// <summary>One member of a class: a character (which can start a range) or a class escape such as <c>\d</c>.</summary>
    private static (char? Char, RegexCharSet Set) Member(string pattern, ref int i)
    {
        var c = pattern[i++];
        if (c != '\\' || i >= pattern.Length)
        {
            return (c, RegexCharSet.Of(c));
        }

        var escape = pattern[i++];
        i = SkipEscapeArguments(pattern, escape, i);
        var set = RegexCharSet.OfEscape(escape, inClass: true) ?? RegexCharSet.Any;
        var single = escape is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P' or 'x' or 'u' or 'c' or '0' ? (char?)null : SingleChar(set);
        return (single, set);
    }

    private static char? SingleChar(RegexCharSet set)
    {
        for (var c = (char)0; c < 128; c++)
        {
            if (set == RegexCharSet.Of(c))
            {
                return c;
            }
        }

        return null;
    }
}
