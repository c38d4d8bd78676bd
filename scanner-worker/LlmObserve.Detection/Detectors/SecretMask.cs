namespace LlmObserve.Detection.Detectors;

/// <summary>
/// How evidence is shown: enough to recognise a credential or a person's data in a console, never enough to use it.
/// Shared by the secret and PII detectors so the two cannot drift apart.
/// </summary>
internal static class SecretMask
{
    /// <summary>Below this length, showing eight characters would give away most of a secret, so all are starred.</summary>
    private const int MinLengthToShowEnds = 20;

    /// <summary>Keeps the first and last four characters of a secret of 20 or more characters; stars everything else.</summary>
    public static string Token(ReadOnlySpan<char> secret) =>
        secret.Length < MinLengthToShowEnds
            ? new string('*', secret.Length)
            : string.Concat(secret[..4], new string('*', secret.Length - 8), secret[^4..]);

    /// <summary>
    /// Stars the letters and digits of <paramref name="value"/> except the first <paramref name="keepFirst"/> and the
    /// last <paramref name="keepLast"/> of them; separators (spaces, dashes, dots, parentheses) stay, so a masked
    /// number keeps its shape: <c>**** **** **** 1111</c>. At least one character is always starred.
    /// </summary>
    public static string KeepEnds(ReadOnlySpan<char> value, int keepFirst, int keepLast)
    {
        var total = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                total++;
            }
        }

        if (keepFirst + keepLast >= total)
        {
            keepFirst = 0;
            keepLast = Math.Max(0, total - 1) / 2;
        }

        var result = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var seen = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var keep = seen < keepFirst || seen >= total - keepLast;
                result[i] = keep ? c : '*';
                seen++;
            }
            else
            {
                result[i] = c;
            }
        }

        return new string(result);
    }
}
