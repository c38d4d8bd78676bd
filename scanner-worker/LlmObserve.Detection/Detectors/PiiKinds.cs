namespace LlmObserve.Detection.Detectors;

/// <summary>The kinds the <see cref="PiiDetector"/> reports, as rules write them: <c>detect.pii in (credit_card, iban)</c>.</summary>
public static class PiiKinds
{
    public const string Email = "email";

    /// <summary>A phone number: international (+…) or a common national format written with separators.</summary>
    public const string Phone = "phone";

    /// <summary>A payment card number of a known network that passes the Luhn check.</summary>
    public const string CreditCard = "credit_card";

    /// <summary>An IBAN of the right length for its country whose mod-97 check holds.</summary>
    public const string Iban = "iban";

    /// <summary>A US social security number (AAA-GG-SSSS) outside the never-issued ranges.</summary>
    public const string UsSsn = "us_ssn";

    /// <summary>A UK National Insurance number (AB 12 34 56 C) with a prefix HMRC issues.</summary>
    public const string UkNino = "uk_nino";

    /// <summary>A French social security number (NIR) whose two-digit key checks.</summary>
    public const string FrNir = "fr_nir";

    /// <summary>A Spanish DNI (8 digits and a control letter) whose letter checks.</summary>
    public const string EsDni = "es_dni";

    /// <summary>A Spanish foreigner's number (NIE: X, Y or Z, 7 digits, a control letter) whose letter checks.</summary>
    public const string EsNie = "es_nie";

    /// <summary>An Italian codice fiscale whose check character holds.</summary>
    public const string ItCodiceFiscale = "it_codice_fiscale";

    /// <summary>A German tax identification number (Steuer-IdNr), reported only next to a tax-id label.</summary>
    public const string DeTaxId = "de_tax_id";
}
