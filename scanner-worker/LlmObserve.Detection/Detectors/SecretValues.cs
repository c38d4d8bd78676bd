using System.Buffers;

namespace LlmObserve.Detection.Detectors;

/// <summary>What makes a value next to a credential label worth reporting: not a placeholder, not an identifier.</summary>
public sealed partial class SecretDetector
{
    /// <summary>
    /// Minimum Shannon entropy, in bits per character, of a generic secret. A random token of 20 base62 characters
    /// averages 4.0 bits and falls under 3.5 about once in a thousand (measured over 20,000 samples; at 24
    /// characters, once in ten thousand). Placeholders and patterns sit well below (<c>aaaa…1</c>: 0.2,
    /// <c>AAAAAAAAAABBBBBBBBBB12</c>: 1.4, a UUID: 3.4). Identifiers can reach it (<c>my_database_password_1</c>:
    /// 3.6), which is why words joined by underscores are excluded separately. The label requirement does most of
    /// the work; the threshold rules out the low-information values people put next to labels.
    /// </summary>
    internal const double MinEntropyBits = 3.5;

    /// <summary>Hex has only 16 symbols, so a random hex string tops out at 4 bits; 3.0 keeps 99.99% of random 32-hex keys.</summary>
    internal const double MinHexEntropyBits = 3.0;

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> CodeChars = SearchValues.Create("()[]{}^|");
    private static readonly SearchValues<char> IdentifierChars = SearchValues.Create(Letters + "_");
    private static readonly SearchValues<char> AlnumOrSpaceChars = SearchValues.Create(Letters + Digits + " ");

    /// <summary>A literal worth reporting: not a placeholder, a variable, a type name or an example.</summary>
    private static bool IsNonTrivialPassword(ReadOnlySpan<char> value, bool quoted)
    {
        if (value.Length < 6 || value.Length > 128 || !value.ContainsAnyExcept(value[0])
            || value[0] is '$' or '{' or '<' or '%' or '*' or '[' or '(' or ':' or '`' or '=' or '|' or '\\')
        {
            return false;
        }

        if (HasAnyCase(value, "password") || HasAnyCase(value, "passwd") || HasAnyCase(value, "your") || HasAnyCase(value, "example")
            || HasAnyCase(value, "placeholder") || HasAnyCase(value, "redacted") || HasAnyCase(value, "changeme") || HasAnyCase(value, "xxxx")
            || value.Contains("...", StringComparison.Ordinal))
        {
            return false;
        }

        if (value.Equals("string", StringComparison.OrdinalIgnoreCase) || value.Equals("secret", StringComparison.OrdinalIgnoreCase)
            || value.Equals("required", StringComparison.OrdinalIgnoreCase) || value.Equals("optional", StringComparison.OrdinalIgnoreCase)
            || value.Equals("undefined", StringComparison.OrdinalIgnoreCase) || value.Equals("hidden", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Unquoted, a dotted name, a call or a bare identifier is code (password = request.form.password,
        // pwd = getpass(), CheckPass := Err_NoErr), a path is a file (PWD=/home/me), a|b lists choices in
        // documentation: literals have a digit or a symbol.
        return quoted || !(value.ContainsAny(CodeChars) || IsDottedName(value) || value[0] is '/' or '~' || !value.ContainsAnyExcept(IdentifierChars));
    }

    private static bool HasAnyCase(ReadOnlySpan<char> value, string word) => value.Contains(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Identifiers joined by dots (<c>win32api.RegOpenKeyEx</c>, <c>request.form.password</c>): a reference in code.</summary>
    private static bool IsDottedName(ReadOnlySpan<char> value)
    {
        var segments = 0;
        foreach (var range in value.Split('.'))
        {
            var segment = value[range];
            if (segment.Length == 0 || char.IsAsciiDigit(segment[0]) || segment.ContainsAnyExcept(AlnumUnderscoreChars))
            {
                return false;
            }

            segments++;
        }

        return segments >= 2;
    }

    /// <summary>How many of lower case, upper case, digits and symbols (not spaces) a value uses.</summary>
    private static int CharClasses(ReadOnlySpan<char> value) =>
        (value.ContainsAnyInRange('a', 'z') ? 1 : 0) + (value.ContainsAnyInRange('A', 'Z') ? 1 : 0)
        + (value.ContainsAnyInRange('0', '9') ? 1 : 0) + (value.ContainsAnyExcept(AlnumOrSpaceChars) ? 1 : 0);

    /// <summary>
    /// A generic secret: 20 to 256 key-alphabet characters, letters and digits, not a UUID, not words joined by
    /// punctuation or run together in camel case, with entropy over <see cref="MinEntropyBits"/>
    /// (<see cref="MinHexEntropyBits"/> for hex).
    /// </summary>
    internal static bool IsRandomLooking(ReadOnlySpan<char> value)
    {
        if (value.Length is < 20 or > MaxValue || value.ContainsAnyExcept(KeyLikeChars) || !HasLetterAndDigit(value) || IsUuid(value)
            || IsWords(value) || IsCamelCaseWords(value))
        {
            return false;
        }

        var hex = !value.ContainsAnyExcept(HexChars);
        return Entropy.BitsPerChar(value) >= (hex ? MinHexEntropyBits : MinEntropyBits);
    }

    private static bool IsUuid(ReadOnlySpan<char> value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? value[i] == '-' : HexChars.Contains(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Mostly capitalised words run together (<c>TestProjectRetargetTo35Allowed</c>): a name. Capitalised runs of three
    /// letters or more cover 80% of a random 24-character token less than once in a thousand; they cover 87% of that name.
    /// </summary>
    private static bool IsCamelCaseWords(ReadOnlySpan<char> value)
    {
        var covered = 0;
        for (var i = 0; i < value.Length;)
        {
            if (char.IsAsciiLetterUpper(value[i]))
            {
                var lower = i + 1 < value.Length ? value[(i + 1)..].IndexOfAnyExceptInRange('a', 'z') : 0;
                lower = lower < 0 ? value.Length - i - 1 : lower;
                if (lower >= 2)
                {
                    covered += lower + 1;
                }

                i += lower + 1;
            }
            else
            {
                i++;
            }
        }

        return covered * 5 >= value.Length * 4;
    }

    /// <summary>Two or more words of three letters or more joined by punctuation: an identifier or an expression, not a key.</summary>
    private static bool IsWords(ReadOnlySpan<char> value)
    {
        var words = 0;
        foreach (var range in value.SplitAny("_-.+/=~"))
        {
            // A word is lower case or capitalised: password, Tgnutls; not Zx8Qw3 nor AKIA.
            var part = value[range];
            if (part.Length >= 3 && !part[1..].ContainsAnyExceptInRange('a', 'z') && char.IsAsciiLetter(part[0]))
            {
                words++;
            }
        }

        return words >= 2;
    }
}
