using System.Buffers;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Values assigned to a credential-like name: <c>password=…</c>, <c>"api_key": "…"</c>, <c>AWS_SECRET_ACCESS_KEY=…</c>,
/// <c>Authorization: Bearer …</c>. The name is what makes these findings; a random-looking value alone is not one.
/// </summary>
public sealed partial class SecretDetector
{
    private const int MaxLabel = 64;
    private const int MaxValue = 256;

    private static readonly SearchValues<char> Separators = SearchValues.Create(":=");
    private static readonly SearchValues<char> LabelChars = SearchValues.Create(Letters + Digits + "_.-");
    private static readonly SearchValues<char> KeyLikeChars = SearchValues.Create(Letters + Digits + "+/=_-.~");
    private static readonly SearchValues<char> UnquotedValueEnd = SearchValues.Create(" \t\r\n,;\"'`)}]<>");

    private enum Label
    {
        None,
        Password,
        AwsSecret,
        Generic,
    }

    private static void FindAssignments(string text, Findings found)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var hit = text.AsSpan(pos).IndexOfAny(Separators);
            if (hit < 0)
            {
                return;
            }

            var at = pos + hit;
            pos = at + 1;
            TryAssignment(text, at, found);
        }
    }

    private static void TryAssignment(string text, int separator, Findings found)
    {
        var next = separator + 1 < text.Length ? text[separator + 1] : '\0';
        var previous = separator > 0 ? text[separator - 1] : '\0';
        if (next is '/' or ':' || previous is '=' or '!' or '<' or '>' or ':' || (text[separator] == '=' && next == '='))
        {
            return; // URLs, C++ scopes, comparisons
        }

        var kind = Classify(LabelBefore(text, separator));
        if (kind == Label.None)
        {
            return;
        }

        var valueStart = separator + (next is '=' or '>' ? 2 : 1);
        if (!TryValue(text, valueStart, out var start, out var length, out var quoted) || found.Overlaps(start, length))
        {
            return;
        }

        // Control characters mean binary data, not an assignment; "x = module.Name" with spaces is code, not a value
        // (an .env line has no spaces: SENDGRID_API_KEY=SG.abc.def stays a candidate).
        var value = text.AsSpan(start, length);
        if (value.ContainsAnyInRange('\0', '\u001f') || value.Contains('\uFFFD') || (!quoted && text[start - 1] is ' ' or '\t' && IsDottedName(value)))
        {
            return;
        }

        if (kind == Label.Password)
        {
            if (IsNonTrivialPassword(value, quoted))
            {
                var classes = CharClasses(value);
                found.AddMasked(SecretKinds.PasswordAssignment, classes >= 3 ? 0.9 : classes == 2 ? 0.8 : 0.6, text, start, length);
            }
        }
        else if (kind == Label.AwsSecret && length == 40 && !value.ContainsAnyExcept(Base64Chars) && !value.Contains('=')
            && HasLetterAndDigit(value))
        {
            found.AddMasked(SecretKinds.AwsSecretAccessKey, 0.95, text, start, length);
        }
        else if (IsRandomLooking(value))
        {
            found.AddMasked(SecretKinds.HighEntropy, 0.7, text, start, length);
        }
    }

    /// <summary>The name just before a separator: <c>api_key</c> in <c>"api_key": </c>, <c>\"api_key\":</c> or <c>API_KEY =</c>.</summary>
    private static ReadOnlySpan<char> LabelBefore(string text, int separator)
    {
        var end = separator;
        while (end > 0 && separator - end < 4 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end > 0 && text[end - 1] is '"' or '\'')
        {
            end--;
            if (end > 0 && text[end - 1] == '\\')
            {
                end--;
            }
        }

        var start = end;
        while (start > 0 && end - start <= MaxLabel && LabelChars.Contains(text[start - 1]))
        {
            start--;
        }

        return text.AsSpan(start, end - start);
    }

    private static Label Classify(ReadOnlySpan<char> name)
    {
        if (name.Length is < 3 or > MaxLabel)
        {
            return Label.None;
        }

        // Lower-cased once, so every test below is an ordinal (vectorised) search.
        Span<char> lower = stackalloc char[MaxLabel];
        var label = lower[..name.ToLowerInvariant(lower)];

        var secret = Has(label, "secret");
        if (secret && (Has(label, "secret_access_key") || Has(label, "secretaccesskey") || Has(label, "aws_secret")))
        {
            return Label.AwsSecret;
        }

        // PWD and OLDPWD are the shell's working directories; NOPASSWD is a sudoers tag.
        var kind = (Has(label, "password") || Has(label, "passwd") || Has(label, "passphrase") || EndsWith(label, "_pass") || EndsWith(label, "-pass")
                || EndsWith(label, ".pass") || EndsWith(label, "_pwd"))
            && !Has(label, "nopasswd")
            ? Label.Password
            : secret || Has(label, "key") || Has(label, "token") || Has(label, "credential") || Has(label, "auth")
                ? Label.Generic
                : Label.None;

        return kind != Label.None && IsAboutACredential(label) ? Label.None : kind;
    }

    /// <summary>
    /// Names of things about a credential, or only spelled like one, rather than the credential: key_id, token_url,
    /// public_key, pubkey, keyProtectionAlgorithm, keyword, author, Sec-WebSocket-Key (a nonce, not a secret).
    /// </summary>
    private static bool IsAboutACredential(ReadOnlySpan<char> label) =>
        Has(label, "public") || Has(label, "pubkey") || (Has(label, "author") && !Has(label, "authoriz")) || Has(label, "keyword")
        || Has(label, "keyboard") || Has(label, "websocket") || Has(label, "algorithm") || EndsWith(label, "id") || EndsWith(label, "ids")
        || EndsWith(label, "name") || EndsWith(label, "type") || EndsWith(label, "url") || EndsWith(label, "uri") || EndsWith(label, "path")
        || EndsWith(label, "file") || EndsWith(label, "hint") || EndsWith(label, "size") || EndsWith(label, "len") || EndsWith(label, "length")
        || EndsWith(label, "count") || EndsWith(label, "format") || EndsWith(label, "mode") || EndsWith(label, "version")
        || EndsWith(label, "encryption") || EndsWith(label, "method") || EndsWith(label, "policy") || EndsWith(label, "expiry")
        || EndsWith(label, "expires") || EndsWith(label, "min") || EndsWith(label, "max");

    /// <summary>Whether a lower-cased label contains a lower-case word.</summary>
    private static bool Has(ReadOnlySpan<char> label, string word) => label.Contains(word, StringComparison.Ordinal);

    /// <summary>Whether a lower-cased label ends with a lower-case word.</summary>
    private static bool EndsWith(ReadOnlySpan<char> label, string word) => label.EndsWith(word, StringComparison.Ordinal);

    /// <summary>The value after a separator: quoted (also with escaped quotes) up to its closing quote, else up to a delimiter.</summary>
    private static bool TryValue(string text, int from, out int start, out int length, out bool quoted)
    {
        start = from;
        length = 0;
        quoted = false;
        while (start < text.Length && start - from < 8 && text[start] is ' ' or '\t')
        {
            start++;
        }

        var rest = text.AsSpan(start, Math.Min(text.Length - start, MaxValue + 8));
        if (rest.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("token ", StringComparison.OrdinalIgnoreCase))
        {
            var word = rest.IndexOf(' ') + 1;
            start += word;
            rest = rest[word..];
        }

        var escaped = rest.Length > 1 && rest[0] == '\\' && rest[1] is '"' or '\'';
        if (escaped || (rest.Length > 0 && rest[0] is '"' or '\''))
        {
            var open = escaped ? 2 : 1;
            var quote = rest[open - 1];
            var body = rest[open..];
            var close = body.IndexOfAny(quote, '\n');
            if (close <= 0 || body[close] != quote || (escaped && body[close - 1] != '\\'))
            {
                return false;
            }

            start += open;
            length = escaped ? close - 1 : close;
            quoted = true;
        }
        else
        {
            var end = rest.IndexOfAny(UnquotedValueEnd);
            length = QueryParameterEnd(rest[..(end < 0 ? rest.Length : end)]);
        }

        return length is > 0 and <= MaxValue;
    }

    /// <summary>Where an unquoted value ends in a query string (<c>token=…&amp;page=2</c>); a lone '&amp;' is part of the value.</summary>
    private static int QueryParameterEnd(ReadOnlySpan<char> value)
    {
        var offset = 0;
        while (offset < value.Length)
        {
            var amp = value[offset..].IndexOf('&');
            if (amp < 0)
            {
                break;
            }

            var at = offset + amp;
            var name = value[(at + 1)..].IndexOfAnyExcept(LabelChars);
            if (name > 0 && value[at + 1 + name] == '=')
            {
                return at;
            }

            offset = at + 1;
        }

        return value.Length;
    }
}
