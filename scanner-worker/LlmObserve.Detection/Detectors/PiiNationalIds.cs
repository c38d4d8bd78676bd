using System.Buffers;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// National identifiers: US SSN, UK NINO, French NIR, Spanish DNI and NIE, Italian codice fiscale, German tax id.
/// Check characters are verified where the identifier has one; the SSN and NINO have none, so their shape and
/// issuing rules are all there is, and their confidence is lower.
/// </summary>
public sealed partial class PiiDetector
{
    private static readonly SearchValues<char> NirChars = SearchValues.Create("0123456789AB");

    private static int UsSsn(Scan scan, int at)
    {
        // AAA-GG-SSSS: dashes required, since nine bare digits are as often anything else.
        var text = scan.Text;
        if (!Digits(text, at, 3, out var area) || at + 11 > text.Length || text[at + 3] != '-' || !Digits(text, at + 4, 2, out var group)
            || text[at + 6] != '-' || !Digits(text, at + 7, 4, out var serial) || !EndsNumber(text, at + 11) || !Checksums.UsSsn(area, group, serial))
        {
            return -1;
        }

        // Numbers the SSA reserves for advertisements, and the wallet-card number printed in 1938.
        if ((area == 987 && group == 65 && serial is >= 4320 and <= 4329) || (area == 78 && group == 5 && serial == 1120))
        {
            return -1;
        }

        var confidence = Near(text, at, 48, "ssn", "social security") ? 0.95 : 0.75;
        scan.Report(PiiKinds.UsSsn, confidence, at, 11, SecretMask.KeepEnds(text.AsSpan(at, 11), 0, 4));
        return at + 11;
    }

    private static int UkNino(Scan scan, int at)
    {
        // AB 12 34 56 C or AB123456C: two prefix letters, six digits (paired or not), suffix A–D.
        var text = scan.Text;
        var start = text[at - 1] == ' ' ? at - 3 : at - 2;
        if (start < 0 || (start > 0 && char.IsLetterOrDigit(text[start - 1])) || !IsNinoPrefix(text[start], text[start + 1]))
        {
            return -1;
        }

        var spaced = at + 2 < text.Length && text[at + 2] == ' ';
        var i = at;
        for (var pair = 0; pair < 3; pair++)
        {
            if (pair > 0 && spaced)
            {
                if (i >= text.Length || text[i] != ' ')
                {
                    return -1;
                }

                i++;
            }

            if (i + 2 > text.Length || !char.IsAsciiDigit(text[i]) || !char.IsAsciiDigit(text[i + 1]))
            {
                return -1;
            }

            i += 2;
        }

        if (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i >= text.Length || text[i] is < 'A' or > 'D' || (i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
        {
            return -1;
        }

        var end = i + 1;
        scan.Report(PiiKinds.UkNino, 0.8, start, end - start, SecretMask.KeepEnds(text.AsSpan(start, end - start), 2, 1));
        return end;
    }

    /// <summary>HMRC never issues D, F, I, Q, U, V first, nor D, F, I, O, Q, U, V second, nor BG, GB, KN, NK, NT, TN, ZZ.</summary>
    private static bool IsNinoPrefix(char first, char second) =>
        char.IsAsciiLetterUpper(first) && char.IsAsciiLetterUpper(second)
        && first is not ('D' or 'F' or 'I' or 'Q' or 'U' or 'V')
        && second is not ('D' or 'F' or 'I' or 'O' or 'Q' or 'U' or 'V')
        && (first, second) is not (('B', 'G') or ('G', 'B') or ('K', 'N') or ('N', 'K') or ('N', 'T') or ('T', 'N') or ('Z', 'Z'));

    private static int FrNir(Scan scan, int at)
    {
        // 1 85 05 78 006 084 36: sex, year, month, department (2A/2B in Corsica), commune, order, key.
        var text = scan.Text;
        if (text[at] is not ('1' or '2'))
        {
            return -1;
        }

        Span<char> nir = stackalloc char[15];
        if (Compact(text, at, nir, NirChars, out var end) != 15 || !EndsNumber(text, end)
            || nir[..5].ContainsAnyExceptInRange('0', '9') || nir[7..].ContainsAnyExceptInRange('0', '9'))
        {
            return -1;
        }

        var month = ((nir[3] - '0') * 10) + (nir[4] - '0');
        if (month is 0 or (> 12 and < 20) || !Checksums.FrNirKey(nir))
        {
            return -1;
        }

        scan.Report(PiiKinds.FrNir, 0.95, at, end - at, SecretMask.KeepEnds(text.AsSpan(at, end - at), 1, 2));
        return end;
    }

    private static int EsDni(Scan scan, int at)
    {
        // 12345678Z or 12345678-Z.
        var text = scan.Text;
        return DigitRun(text, at) == 8 ? SpanishId(scan, at, PiiKinds.EsDni) : -1;
    }

    private static int EsNie(Scan scan, int at)
    {
        // X1234567L: X, Y or Z for 0, 1, 2, then seven digits and the control letter.
        var text = scan.Text;
        var start = at - 1;
        return text[start] is 'X' or 'Y' or 'Z' && (start == 0 || !char.IsLetterOrDigit(text[start - 1])) && DigitRun(text, at) == 7
            ? SpanishId(scan, start, PiiKinds.EsNie)
            : -1;
    }

    private static int SpanishId(Scan scan, int start, string kind)
    {
        var text = scan.Text;
        var letter = start + 8 + (text.Length > start + 8 && text[start + 8] == '-' ? 1 : 0);
        if (letter >= text.Length || !char.IsAsciiLetterUpper(text[letter]) || (letter + 1 < text.Length && char.IsLetterOrDigit(text[letter + 1]))
            || !Checksums.EsDniLetter(text.AsSpan(start, 8), text[letter]))
        {
            return -1;
        }

        var end = letter + 1;
        scan.Report(kind, 0.9, start, end - start, SecretMask.KeepEnds(text.AsSpan(start, end - start), 1, 1));
        return end;
    }

    private static int ItCodiceFiscale(Scan scan, int at)
    {
        // RSSMRA85T10A562S: surname and name letters, year, month letter, day (+40 for women), municipality, check.
        var text = scan.Text;
        var start = at - 6;
        if (start < 0 || start + 16 > text.Length || (start > 0 && char.IsLetterOrDigit(text[start - 1]))
            || (start + 16 < text.Length && char.IsLetterOrDigit(text[start + 16])))
        {
            return -1;
        }

        var code = text.AsSpan(start, 16);
        const string Shape = "LLLLLLDDLDDLDDDL";
        for (var i = 0; i < 16; i++)
        {
            var ok = Shape[i] == 'L' ? char.IsAsciiLetterUpper(code[i]) : char.IsAsciiDigit(code[i]);
            if (!ok)
            {
                return -1;
            }
        }

        var day = ((code[9] - '0') * 10) + (code[10] - '0');
        if (!"ABCDEHLMPRST".Contains(code[8], StringComparison.Ordinal) || day is 0 or (> 31 and < 41) or > 71 || !Checksums.ItCodiceFiscale(code))
        {
            return -1;
        }

        scan.Report(PiiKinds.ItCodiceFiscale, 0.95, start, 16, SecretMask.KeepEnds(code, 3, 1));
        return start + 16;
    }

    private static int DeTaxId(Scan scan, int at)
    {
        // Eleven digits (12 345 678 901) pass the check one time in ten, so only next to a tax-id label.
        var text = scan.Text;
        Span<char> digits = stackalloc char[11];
        if (Compact(text, at, digits, DigitChars, out var end) != 11 || !EndsNumber(text, end) || !Checksums.DeTaxId(digits)
            || !Near(text, at, 48, "steuer", "idnr", "tax"))
        {
            return -1;
        }

        scan.Report(PiiKinds.DeTaxId, 0.9, at, end - at, SecretMask.KeepEnds(text.AsSpan(at, end - at), 2, 2));
        return end;
    }
}
