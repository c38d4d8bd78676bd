using System.Buffers;

namespace LlmObserve.Detection.Detectors;

/// <summary>The digit-run pass: every numeric identifier is tried where a run of digits starts.</summary>
public sealed partial class PiiDetector
{
    private static readonly SearchValues<char> DigitChars = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> UpperAlnumChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static void FindNumbers(Scan scan)
    {
        var text = scan.Text;
        var pos = 0;
        while (pos < text.Length)
        {
            var hit = text.AsSpan(pos).IndexOfAnyInRange('0', '9');
            if (hit < 0)
            {
                return;
            }

            var at = pos + hit;
            var end = TryAt(scan, at);
            pos = end > at ? end : at + DigitRun(text, at);
        }
    }

    /// <summary>Reports the identifier whose first digit is at <paramref name="at"/>, if any; returns its end, or -1.</summary>
    private static int TryAt(Scan scan, int at)
    {
        var text = scan.Text;
        var before = at > 0 ? text[at - 1] : '\0';
        if (char.IsAsciiLetterUpper(before))
        {
            // Digits glued to capitals: an identifier that starts with letters, or part of a code — never a plain number.
            return First(Iban(scan, at), UkNino(scan, at), ItCodiceFiscale(scan, at), EsNie(scan, at));
        }

        if (before == ' ' && at > 1 && char.IsAsciiLetterUpper(text[at - 2]) && UkNino(scan, at) is var nino and > 0)
        {
            return nino;
        }

        if (before == '+')
        {
            return InternationalPhone(scan, at - 1);
        }

        if (!StartsNumber(text, at))
        {
            return -1;
        }

        return First(CreditCard(scan, at), UsSsn(scan, at), FrNir(scan, at), EsDni(scan, at), DeTaxId(scan, at), NationalPhone(scan, at));
    }

    /// <summary>The first parser's result that found something; parsers run in order and stop at the first success.</summary>
    private static int First(params ReadOnlySpan<int> ends)
    {
        foreach (var end in ends)
        {
            if (end > 0)
            {
                return end;
            }
        }

        return -1;
    }

    private static int DigitRun(string text, int start)
    {
        if (start >= text.Length)
        {
            return 0;
        }

        var end = text.AsSpan(start).IndexOfAnyExceptInRange('0', '9');
        return end < 0 ? text.Length - start : end;
    }

    /// <summary>Whether a number can start here: not inside a word, and not the continuation of a number (1.5, 12-34, 3/4).</summary>
    private static bool StartsNumber(string text, int start)
    {
        if (start == 0)
        {
            return true;
        }

        var c = text[start - 1];
        return !char.IsLetterOrDigit(c) && c != '_'
            && !(c is '.' or ',' or '-' or '/' or ':' && start > 1 && char.IsAsciiDigit(text[start - 2]));
    }

    /// <summary>Whether a number can end here: not followed by a letter, digit or '@', nor continued (1.5, 12-34).</summary>
    private static bool EndsNumber(string text, int end)
    {
        if (end >= text.Length)
        {
            return true;
        }

        var c = text[end];
        return !char.IsLetterOrDigit(c) && c is not '_' and not '@'
            && !(c is '.' or ',' or '-' or '/' or ':' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]));
    }

    /// <summary>
    /// Collects up to <c>buffer.Length</c> characters of <paramref name="accept"/> from <paramref name="start"/>,
    /// stepping over single spaces between them (<c>GB82 WEST 1234…</c>). Returns how many; <paramref name="end"/> is
    /// just after the last one.
    /// </summary>
    private static int Compact(string text, int start, Span<char> buffer, SearchValues<char> accept, out int end)
    {
        var n = 0;
        var i = start;
        end = start;
        while (n < buffer.Length && i < text.Length)
        {
            var c = text[i];
            if (accept.Contains(c))
            {
                buffer[n++] = c;
                end = ++i;
            }
            else if (c == ' ' && n > 0 && i + 1 < text.Length && accept.Contains(text[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return n;
    }

    /// <summary>Whether one of <paramref name="words"/> appears (any case) in the <paramref name="width"/> characters before <paramref name="start"/>.</summary>
    private static bool Near(string text, int start, int width, params ReadOnlySpan<string> words)
    {
        // Lower-cased once, so each word is an ordinal (vectorised) search; words are given in lower case.
        Span<char> window = stackalloc char[width];
        window = window[..text.AsSpan(Math.Max(0, start - width), Math.Min(start, width)).ToLowerInvariant(window)];
        foreach (var word in words)
        {
            if (window.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
