namespace LlmObserve.Detection.Detectors;

/// <summary>
/// The check-digit algorithms of the identifiers the PII detector looks for. Each takes the identifier's
/// characters without separators and returns false, never throws, on anything malformed. A valid check is what
/// lets a detector tell a real card or account number from any digit run of the same length.
/// </summary>
internal static class Checksums
{
    private const string DniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

    // Values of the characters in odd (1st, 3rd, …) positions of an Italian codice fiscale; digits map like A–J.
    private static ReadOnlySpan<byte> CodiceFiscaleOdd =>
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

    /// <summary>The Luhn (mod 10) check of payment card numbers.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2)
        {
            return false;
        }

        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// The ISO 13616 IBAN check: the first four characters moved to the end, letters read as 10–35, the whole
    /// number mod 97 must be 1. The remainder is carried character by character, so no big integer is needed.
    /// </summary>
    public static bool IbanMod97(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 5)
        {
            return false;
        }

        var remainder = 0;
        for (var n = 0; n < iban.Length; n++)
        {
            var c = iban[(n + 4) % iban.Length];
            if (c is >= '0' and <= '9')
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>
    /// Whether a US social security number's parts could have been issued: no area 000, 666 or 900–999,
    /// no group 00, no serial 0000 (the Social Security Administration's own exclusions).
    /// </summary>
    public static bool UsSsn(int area, int group, int serial) =>
        area is > 0 and < 900 and not 666 && group is > 0 and <= 99 && serial is > 0 and <= 9999;

    /// <summary>
    /// The key of a French NIR (numéro de sécurité sociale): 97 minus the first 13 characters mod 97, with the
    /// Corsican departments 2A and 2B read as 19 and 18. <paramref name="nir"/> is the 15 characters.
    /// </summary>
    public static bool FrNirKey(ReadOnlySpan<char> nir)
    {
        if (nir.Length != 15 || !AllDigits(nir[13..]))
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < 13; i++)
        {
            var c = nir[i];
            int d;
            if (i == 6 && nir[5] == '2' && c is 'A' or 'B')
            {
                // 2A → 19, 2B → 18: the '2' already counted as a tens digit is replaced by '1'.
                remainder = (remainder + 97 - 1) % 97;
                d = c == 'A' ? 9 : 8;
            }
            else if (c is >= '0' and <= '9')
            {
                d = c - '0';
            }
            else
            {
                return false;
            }

            remainder = ((remainder * 10) + d) % 97;
        }

        var key = ((nir[13] - '0') * 10) + (nir[14] - '0');
        return key == 97 - remainder;
    }

    /// <summary>The control letter of a Spanish DNI (8 digits) or NIE (X/Y/Z read as 0/1/2, then 7 digits).</summary>
    public static bool EsDniLetter(ReadOnlySpan<char> number, char letter)
    {
        var value = 0;
        foreach (var c in number)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                'X' => 0,
                'Y' => 1,
                'Z' => 2,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return number.Length == 8 && DniLetters[value % 23] == letter;
    }

    /// <summary>The check character (the 16th) of an Italian codice fiscale, upper case.</summary>
    public static bool ItCodiceFiscale(ReadOnlySpan<char> code)
    {
        if (code.Length != 16)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 15; i++)
        {
            var c = code[i];
            int index = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A',
                _ => -1,
            };
            if (index < 0)
            {
                return false;
            }

            // Positions count from 1, so even indexes here are the "odd" characters of the specification.
            sum += i % 2 == 0 ? CodiceFiscaleOdd[index] : index;
        }

        return code[15] == (char)('A' + (sum % 26));
    }

    /// <summary>
    /// A German tax identification number (Steuer-IdNr): 11 digits, no leading zero, in the first ten exactly one
    /// digit repeated (twice or three times), and the ISO 7064 MOD 11,10 check digit last.
    /// </summary>
    public static bool DeTaxId(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 11 || !AllDigits(digits) || digits[0] == '0')
        {
            return false;
        }

        Span<int> seen = stackalloc int[10];
        seen.Clear();
        foreach (var c in digits[..10])
        {
            seen[c - '0']++;
        }

        var repeated = 0;
        foreach (var count in seen)
        {
            if (count > 3)
            {
                return false;
            }

            if (count > 1)
            {
                repeated++;
            }
        }

        if (repeated != 1)
        {
            return false;
        }

        var product = 10;
        foreach (var c in digits[..10])
        {
            var sum = (c - '0' + product) % 10;
            if (sum == 0)
            {
                sum = 10;
            }

            product = sum * 2 % 11;
        }

        var check = 11 - product;
        return (check == 10 ? 0 : check) == digits[10] - '0';
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
}
