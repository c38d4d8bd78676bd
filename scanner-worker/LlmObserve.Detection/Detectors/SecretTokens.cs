using System.Buffers;

namespace LlmObserve.Detection.Detectors;

/// <summary>Tokens recognised by a documented prefix and a fixed or minimum length.</summary>
public sealed partial class SecretDetector
{
    // Every prefix a token of a known format starts with; one vectorised multi-string search finds the next.
    private static readonly SearchValues<string> TokenPrefixes = SearchValues.Create(
        [
            "AKIA", "ASIA", "ABIA", "ACCA", "AIza", "AccountKey=",
            "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
            "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-",
            "sk-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_",
            "hf_", "eyJ", "-----BEGIN ",
        ],
        StringComparison.Ordinal);

    // An AWS key id is a 4-letter type and 16 base32 characters.
    private static readonly SearchValues<char> Base32UpperChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    private static readonly SearchValues<char> AlnumUnderscoreChars = SearchValues.Create(Letters + Digits + "_");
    private static readonly SearchValues<char> AlnumDashChars = SearchValues.Create(Letters + Digits + "-");
    private static readonly SearchValues<char> AwsSecretChars = SearchValues.Create(Letters + Digits + "+/");

    private static void FindPrefixedTokens(string text, Findings found)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var hit = text.AsSpan(pos).IndexOfAny(TokenPrefixes);
            if (hit < 0)
            {
                return;
            }

            var at = pos + hit;
            var end = at > 0 && AlnumChars.Contains(text[at - 1]) && text[at] != '-' ? -1 : TryToken(text, at, found);
            pos = end > at ? end : at + 1;
        }
    }

    /// <summary>Reports the token at <paramref name="at"/>, if it is one; returns its end, or -1.</summary>
    private static int TryToken(string text, int at, Findings found)
    {
        var rest = text.AsSpan(at);
        return rest[0] switch
        {
            'A' when rest.StartsWith("AccountKey=", StringComparison.Ordinal) => AzureStorageKey(text, at + 11, found),
            'A' when rest.StartsWith("AIza", StringComparison.Ordinal) => Fixed(text, at, 4, Base64UrlChars, 35, SecretKinds.GoogleApiKey, 0.99, found),
            'A' => AwsAccessKeyId(text, at, found),
            'g' when rest.StartsWith("github_pat_", StringComparison.Ordinal) => GithubFineGrained(text, at, found),
            'g' when rest.StartsWith("glpat-", StringComparison.Ordinal) => Minimum(text, at, 6, Base64UrlChars, 20, SecretKinds.GitlabToken, found),
            'g' => Fixed(text, at, 4, AlnumChars, 36, SecretKinds.GithubToken, 0.99, found),
            'x' => SlackToken(text, at, found),
            's' when rest.StartsWith("sk-", StringComparison.Ordinal) => SkDashKey(text, at, found),
            's' or 'r' or 'p' => StripeKey(text, at, found),
            'h' => HuggingFaceToken(text, at, found),
            'e' => Jwt(text, at, found),
            '-' => PrivateKey(text, at, found),
            _ => -1,
        };
    }

    /// <summary>A token of exactly <paramref name="length"/> characters after its prefix.</summary>
    private static int Fixed(string text, int at, int prefix, SearchValues<char> chars, int length, string kind, double confidence, Findings found)
    {
        var run = Run(text, at + prefix, chars, length);
        return run == length && found.AddMasked(kind, confidence, text, at, prefix + length) ? at + prefix + length : -1;
    }

    /// <summary>A token whose documented length is <paramref name="length"/> but which newer issuers make longer.</summary>
    private static int Minimum(string text, int at, int prefix, SearchValues<char> chars, int length, string kind, Findings found)
    {
        var run = Run(text, at + prefix, chars, 255);
        if (run < length || run > 255)
        {
            return -1;
        }

        var confidence = run == length ? 0.99 : 0.95;
        return found.AddMasked(kind, confidence, text, at, prefix + run) ? at + prefix + run : -1;
    }

    private static int AwsAccessKeyId(string text, int at, Findings found)
    {
        // The run is measured over all letters and digits so that a longer word is not cut into a key.
        var run = Run(text, at + 4, AlnumChars, 16);
        if (run != 16 || text.AsSpan(at + 4, 16).ContainsAnyExcept(Base32UpperChars) || !found.AddMasked(SecretKinds.AwsAccessKeyId, 0.99, text, at, 20))
        {
            return -1;
        }

        // The key id labels its secret: the credentials CSV AWS hands out puts them side by side (AKIA…,wJalr…).
        var next = at + 20;
        while (next < text.Length && next - at - 20 < 4 && text[next] is ',' or ' ' or '\t' or ':' or ';' or '|' or '"' or '\'')
        {
            next++;
        }

        var secret = next > at + 20 ? Run(text, next, AwsSecretChars, 40) : 0;
        return secret == 40 && HasLetterAndDigit(text.AsSpan(next, 40)) && found.AddMasked(SecretKinds.AwsSecretAccessKey, 0.9, text, next, 40)
            ? next + 40
            : at + 20;
    }

    private static int AzureStorageKey(string text, int start, Findings found)
    {
        // Account keys are 64 random bytes: 88 base64 characters ending in "==".
        var run = Run(text, start, Base64Chars, 100);
        if (run is < 40 or > 100 || !HasLetterAndDigit(text.AsSpan(start, run)))
        {
            return -1;
        }

        var confidence = run == 88 ? 0.99 : 0.9;
        return found.AddMasked(SecretKinds.AzureStorageKey, confidence, text, start, run) ? start + run : -1;
    }

    private static int GithubFineGrained(string text, int at, Findings found)
    {
        // github_pat_ + 22 characters + '_' + 59 characters.
        var run = Run(text, at + 11, AlnumUnderscoreChars, 255);
        if (run is < 40 or > 255)
        {
            return -1;
        }

        var confidence = run == 82 && text[at + 11 + 22] == '_' ? 0.99 : 0.9;
        return found.AddMasked(SecretKinds.GithubToken, confidence, text, at, 11 + run) ? at + 11 + run : -1;
    }

    private static int SlackToken(string text, int at, Findings found)
    {
        // xoxb-<team id>-<bot id>-<24 characters> and its siblings; the digits rule out prose like "xoxo-hugs".
        var run = Run(text, at + 5, AlnumDashChars, 255);
        return run is >= 10 and <= 255 && text.AsSpan(at + 5, run).ContainsAnyInRange('0', '9')
            && found.AddMasked(SecretKinds.SlackToken, 0.97, text, at, 5 + run) ? at + 5 + run : -1;
    }

    private static int SkDashKey(string text, int at, Findings found)
    {
        var rest = text.AsSpan(at);
        if (rest.StartsWith("sk-ant-", StringComparison.Ordinal))
        {
            var run = Run(text, at + 7, Base64UrlChars, 255);
            return run is >= 32 and <= 255 && found.AddMasked(SecretKinds.AnthropicApiKey, 0.98, text, at, 7 + run) ? at + 7 + run : -1;
        }

        var prefix = rest.StartsWith("sk-proj-", StringComparison.Ordinal) ? 8
            : rest.StartsWith("sk-svcacct-", StringComparison.Ordinal) ? 11
            : rest.StartsWith("sk-admin-", StringComparison.Ordinal) ? 9
            : 3;
        var length = Run(text, at + prefix, Base64UrlChars, 255);
        if (length > 255)
        {
            return -1;
        }

        var token = text.AsSpan(at + prefix, length);
        double confidence;
        if (prefix > 3)
        {
            confidence = length >= 40 ? 0.98 : length >= 20 ? 0.9 : 0;
        }
        else if (length == 48 && !token.ContainsAnyExcept(AlnumChars))
        {
            // Legacy keys: 48 letters and digits, with "T3BlbkFJ" (base64 of "OpenAI") in the middle.
            confidence = token.Contains("T3BlbkFJ", StringComparison.Ordinal) ? 0.99 : 0.95;
        }
        else
        {
            // Other sk- keys (OpenAI-compatible providers) only when they look random, not like "sk-learn".
            confidence = length >= 32 && HasLetterAndDigit(token) && Entropy.BitsPerChar(token) >= 3.5 ? 0.7 : 0;
        }

        return confidence > 0 && found.AddMasked(SecretKinds.OpenAiApiKey, confidence, text, at, prefix + length) ? at + prefix + length : -1;
    }

    private static int StripeKey(string text, int at, Findings found)
    {
        // sk_live_, rk_live_, pk_live_ and their _test_ twins; live secret keys are the ones that move money.
        var run = Run(text, at + 8, AlnumChars, 255);
        if (run is < 10 or > 255)
        {
            return -1;
        }

        var live = text[at + 3] == 'l';
        var publishable = text[at] == 'p';
        var confidence = (live, publishable) switch
        {
            (true, false) => run >= 24 ? 0.99 : 0.9,
            (true, true) => 0.8,
            (false, false) => 0.6,
            (false, true) => 0.4,
        };
        return found.AddMasked(SecretKinds.StripeKey, confidence, text, at, 8 + run) ? at + 8 + run : -1;
    }

    private static int HuggingFaceToken(string text, int at, Findings found)
    {
        // hf_ + 34 letters; a digit among them is unusual but has been seen, so it only lowers confidence.
        var run = Run(text, at + 3, AlnumChars, 34);
        if (run != 34)
        {
            return -1;
        }

        var confidence = text.AsSpan(at + 3, 34).ContainsAnyInRange('0', '9') ? 0.85 : 0.97;
        return found.AddMasked(SecretKinds.HuggingFaceToken, confidence, text, at, 37) ? at + 37 : -1;
    }
}
