namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Phone numbers: international (+ and 8–15 digits) and the national formats people write with separators
/// (North American (415) 555-2671 / 415-555-2671, and trunk-0 numbers like 020 7946 0958 or 01 23 45 67 89).
/// A bare digit run is never a phone number here: without a + or separators it is as likely an id or an amount.
/// </summary>
public sealed partial class PiiDetector
{
    private static readonly string[] PhoneWords = ["phone", "tel", "call", "mobile", "cell", "fax", "contact", "sms", "whatsapp"];

    private static int InternationalPhone(Scan scan, int plus)
    {
        var text = scan.Text;
        if (plus + 1 >= text.Length || text[plus + 1] == '0' || (plus > 0 && (char.IsLetterOrDigit(text[plus - 1]) || text[plus - 1] == '+')))
        {
            return -1;
        }

        // Separators may mix here (+44 (0)20 7946-0958); at most two between groups. A one-digit group is either the
        // area digit right after a country code (+33 1 23 45 67 89) or a bracketed trunk (0); +35236450.6 is a decimal.
        var i = plus + 1;
        var digits = 0;
        var end = i;
        while (i < text.Length)
        {
            var run = DigitRun(text, i);
            if (run == 1 && digits > 0 && !(digits <= 3 && digits == i - plus - 2) && !(i + 1 < text.Length && text[i + 1] == ')'))
            {
                return -1;
            }

            digits += run;
            i += run;
            end = i;
            if (digits > 15)
            {
                return -1;
            }

            var next = i;
            while (next < text.Length && next - i < 2 && text[next] is ' ' or '-' or '.' or '(' or ')')
            {
                next++;
            }

            if (next == i || next >= text.Length || !char.IsAsciiDigit(text[next]))
            {
                break;
            }

            i = next;
        }

        if (digits < 8 || !EndsNumber(text, end))
        {
            return -1;
        }

        scan.Report(PiiKinds.Phone, 0.9, plus, end - plus, SecretMask.KeepEnds(text.AsSpan(plus, end - plus), 2, 2));
        return end;
    }

    private static int NationalPhone(Scan scan, int at)
    {
        // Not the tail of a longer spaced number (1 85 05 78 006 084 92 holds 05 78 006 084 92).
        var text = scan.Text;
        if (at > 1 && text[at - 1] == ' ' && char.IsAsciiDigit(text[at - 2]))
        {
            return -1;
        }

        var start = at;
        var end = text[at] == '0' ? TrunkZeroNumber(text, at) : -1;
        var confidence = 0.7;
        if (end < 0)
        {
            (start, end) = NorthAmericanNumber(text, at);
            confidence = 0.8;
        }

        if (end < 0 || IsOrderNumber(text, start))
        {
            return -1;
        }

        if (Near(text, start, 48, PhoneWords))
        {
            confidence += 0.1;
        }

        scan.Report(PiiKinds.Phone, confidence, start, end - start, SecretMask.KeepEnds(text.AsSpan(start, end - start), 2, 2));
        return end;
    }

    /// <summary>0 then 10–12 digits in 2 or more groups, all joined by the same separator: 020 7946 0958, 0151-12345678.</summary>
    private static int TrunkZeroNumber(string text, int at)
    {
        // After the trunk 0 comes an area code or, with 00, a country code: the first group has a non-zero digit
        // within its first three (000 014 000 000 is octal bytes, 00 00 00 00 00 a zeroed buffer).
        var first = DigitRun(text, at);
        if (first is < 2 or > 5 || text.AsSpan(at, Math.Min(first, 3)).ContainsAnyExcept('0') is false || at + first + 1 >= text.Length
            || text[at + first] is not (' ' or '-' or '.') || IsInHexDump(text, at))
        {
            return -1;
        }

        var separator = text[at + first];
        var digits = first;
        var groups = 1;
        var i = at + first;
        while (i + 1 < text.Length && text[i] == separator && char.IsAsciiDigit(text[i + 1]))
        {
            var run = DigitRun(text, i + 1);
            if (run is < 2 or > 8 || digits + run > 12)
            {
                return -1;
            }

            digits += run;
            groups++;
            i += 1 + run;
        }

        // Pairs that all start with 0 after the first (01 02 03 04 05) count bytes, they do not dial anyone.
        var counting = first == 2 && digits == groups * 2 && AllPairsStartWithZero(text, at + 3, i);
        return groups >= 2 && digits is >= 10 and <= 12 && EndsNumber(text, i) && !counting && !IsInHexDump(text, i) ? i : -1;
    }

    private static bool AllPairsStartWithZero(string text, int from, int end)
    {
        for (var i = from; i < end; i += 3)
        {
            if (text[i] != '0')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether two groups of two hex characters sit right before a start or right after an end (<c>a0 8b 28 3f 01 00 …</c>):
    /// a byte dump. One group is not enough: "de" and "ce" are words.
    /// </summary>
    private static bool IsInHexDump(string text, int index) =>
        (HexPairEndsAt(text, index - 1) && HexPairEndsAt(text, index - 4)) || (HexPairStartsAt(text, index + 1) && HexPairStartsAt(text, index + 4));

    /// <summary>" xy" ending at <paramref name="space"/>: a space at <paramref name="space"/>, two hex characters before it, and no more.</summary>
    private static bool HexPairEndsAt(string text, int space) =>
        space >= 2 && space < text.Length && text[space] == ' ' && char.IsAsciiHexDigit(text[space - 1]) && char.IsAsciiHexDigit(text[space - 2])
        && (space == 2 || !char.IsLetterOrDigit(text[space - 3]));

    /// <summary>"xy" starting at <paramref name="start"/> after a space, followed by a space or the end.</summary>
    private static bool HexPairStartsAt(string text, int start) =>
        start >= 1 && start + 2 <= text.Length && text[start - 1] == ' ' && char.IsAsciiHexDigit(text[start]) && char.IsAsciiHexDigit(text[start + 1])
        && (start + 2 == text.Length || !char.IsLetterOrDigit(text[start + 2]));

    /// <summary>NXX-NXX-XXXX (N is 2–9) with one kind of separator, a leading 1- allowed; or (NXX) NXX-XXXX.</summary>
    private static (int Start, int End) NorthAmericanNumber(string text, int at)
    {
        var start = at;
        var i = at;
        if (text[i] == '1' && i + 2 < text.Length && text[i + 1] is '-' or ' ' or '.' && char.IsAsciiDigit(text[i + 2]))
        {
            i += 2;
        }

        var paren = at > 0 && text[at - 1] == '(' && i == at;
        if (paren)
        {
            start = at - 1;
            if (start > 0 && char.IsLetterOrDigit(text[start - 1]))
            {
                return (-1, -1);
            }
        }

        if (!Digits(text, i, 3, out var area) || area < 200)
        {
            return (-1, -1);
        }

        i += 3;
        char separator;
        if (paren)
        {
            if (i >= text.Length || text[i] != ')')
            {
                return (-1, -1);
            }

            i += i + 1 < text.Length && text[i + 1] == ' ' ? 2 : 1;
            separator = '-';
        }
        else if (i < text.Length && text[i] is '-' or '.' or ' ')
        {
            separator = text[i++];
        }
        else
        {
            return (-1, -1);
        }

        if (!Digits(text, i, 3, out var exchange) || exchange < 200)
        {
            return (-1, -1);
        }

        i += 3;
        if (i >= text.Length || (text[i] != separator && !(paren && text[i] is ' ' or '.')))
        {
            return (-1, -1);
        }

        i++;
        return Digits(text, i, 4, out _) && EndsNumber(text, i + 4) ? (start, i + 4) : (-1, -1);
    }

    /// <summary>Exactly <paramref name="count"/> digits at <paramref name="start"/> (no more), as a number.</summary>
    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length || DigitRun(text, start) != count)
        {
            return false;
        }

        foreach (var c in text.AsSpan(start, count))
        {
            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// Numbers introduced as order, invoice or tracking numbers look like phone numbers but are not; "to order, call …"
    /// still is one.
    /// </summary>
    private static bool IsOrderNumber(string text, int at) =>
        (at > 0 && text[at - 1] == '#') || (at > 1 && text[at - 1] == ' ' && text[at - 2] == '#')
        || (Near(text, at, 24, "order", "invoice", "tracking", "ticket", "ref.", "ref:", "ref ", "sku", "serial", "reference", "case no")
            && !Near(text, at, 24, PhoneWords));
}
