namespace LlmObserve.Detection.Detectors;

/// <summary>Payment card numbers and IBANs: found only when their check digits hold.</summary>
public sealed partial class PiiDetector
{
    private static int CreditCard(Scan scan, int at)
    {
        // Groups of digits joined by one kind of separator (4111 1111 1111 1111, 3782-822463-10005) or none.
        // Every group boundary with 13–19 digits so far is a candidate; the longest valid one wins, so a card
        // followed by an expiry year (4111 1111 1111 1111 2030) is still found.
        var text = scan.Text;
        Span<char> digits = stackalloc char[19];
        Span<int> sizes = stackalloc int[5];
        var n = 0;
        var i = at;
        var separator = '\0';
        var groups = 0;
        var best = -1;
        while (i < text.Length && groups < sizes.Length)
        {
            var run = DigitRun(text, i);
            if (n + run > 19)
            {
                break;
            }

            text.AsSpan(i, run).CopyTo(digits[n..]);
            sizes[groups++] = run;
            n += run;
            i += run;
            if (n >= 13 && IsCardGrouping(sizes[..groups]) && (EndsNumber(text, i) || (groups > 1 && text[i] == separator))
                && IsCardNumber(digits[..n]))
            {
                best = i;
            }

            if (i + 1 < text.Length && text[i] is ' ' or '-' && (separator == '\0' || text[i] == separator) && char.IsAsciiDigit(text[i + 1]))
            {
                separator = text[i];
                i++;
            }
            else
            {
                break;
            }
        }

        if (best < 0)
        {
            return -1;
        }

        scan.Report(PiiKinds.CreditCard, 0.95, at, best - at, SecretMask.KeepEnds(text.AsSpan(at, best - at), 0, 4));
        return best;
    }

    /// <summary>How cards are printed: one block, fours (the last possibly shorter), or 4-6-5 and 4-6-4 (Amex, Diners).</summary>
    private static bool IsCardGrouping(ReadOnlySpan<int> sizes)
    {
        if (sizes.Length == 1)
        {
            return true;
        }

        if (sizes.Length == 3 && sizes[0] == 4 && sizes[1] == 6 && sizes[2] is 4 or 5)
        {
            return true;
        }

        foreach (var size in sizes[..^1])
        {
            if (size != 4)
            {
                return false;
            }
        }

        return sizes[^1] is >= 1 and <= 4;
    }

    /// <summary>A number of a known card network, of a length that network issues, that passes Luhn.</summary>
    internal static bool IsCardNumber(ReadOnlySpan<char> digits)
    {
        var length = digits.Length;
        var two = ((digits[0] - '0') * 10) + (digits[1] - '0');
        var three = (two * 10) + (digits[2] - '0');
        var four = (three * 10) + (digits[3] - '0');
        var six = (four * 100) + ((digits[4] - '0') * 10) + (digits[5] - '0');
        var known =
            (digits[0] == '4' && length is 13 or 16 or 19) // Visa
            || ((two is >= 51 and <= 55 || four is >= 2221 and <= 2720) && length == 16) // Mastercard, incl. the 2-series
            || (two is 34 or 37 && length == 15) // American Express
            || ((four == 6011 || three is >= 644 and <= 649 || two == 65 || six is >= 622126 and <= 622925) && length is >= 16 and <= 19) // Discover
            || (four is >= 3528 and <= 3589 && length is >= 16 and <= 19) // JCB
            || ((three is >= 300 and <= 305 || four == 3095 || two is 36 or 38 or 39) && length is >= 14 and <= 19); // Diners Club
        return known && Checksums.Luhn(digits);
    }

    private static int Iban(Scan scan, int at)
    {
        // CC + 2 check digits + the national account number (BBAN), with or without spaces every four characters.
        var text = scan.Text;
        var start = at - 2;
        if (start < 0 || !char.IsAsciiLetterUpper(text[start]) || (start > 0 && char.IsLetterOrDigit(text[start - 1])))
        {
            return -1;
        }

        var length = IbanLength(text.AsSpan(start, 2));
        if (length == 0)
        {
            return -1;
        }

        Span<char> iban = stackalloc char[length];
        if (Compact(text, start, iban, UpperAlnumChars, out var end) != length || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3])
            || (end < text.Length && char.IsLetterOrDigit(text[end])) || !Checksums.IbanMod97(iban))
        {
            return -1;
        }

        scan.Report(PiiKinds.Iban, 0.95, start, end - start, SecretMask.KeepEnds(text.AsSpan(start, end - start), 4, 4));
        return end;
    }

    /// <summary>The IBAN length of a country (ISO 13616 registry), or 0 for a country not listed here.</summary>
    private static int IbanLength(ReadOnlySpan<char> country) => country switch
    {
        "NO" => 15,
        "BE" => 16,
        "DK" or "FI" or "FO" or "GL" or "NL" => 18,
        "MK" or "SI" => 19,
        "AT" or "BA" or "EE" or "KZ" or "LT" or "LU" or "XK" => 20,
        "CH" or "HR" or "LI" or "LV" => 21,
        "BG" or "BH" or "CR" or "DE" or "GB" or "GE" or "IE" or "ME" or "RS" => 22,
        "AE" or "GI" or "IL" => 23,
        "AD" or "CZ" or "ES" or "MD" or "PK" or "RO" or "SA" or "SE" or "SK" or "TN" or "VG" => 24,
        "PT" => 25,
        "IS" or "TR" => 26,
        "FR" or "GR" or "IT" or "MC" or "MR" or "SM" => 27,
        "AL" or "AZ" or "CY" or "DO" or "HU" or "LB" or "PL" => 28,
        "BR" or "EG" or "PS" or "QA" or "UA" => 29,
        "JO" or "KW" or "MU" => 30,
        "MT" => 31,
        _ => 0,
    };
}
