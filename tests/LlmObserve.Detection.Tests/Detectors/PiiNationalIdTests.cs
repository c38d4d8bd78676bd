using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class PiiNationalIdTests
{
    [Theory]
    [InlineData("My SSN is 536-90-4399.", "536-90-4399", 0.95)]
    [InlineData("applicant 536-90-4399 approved", "536-90-4399", 0.75)]
    public void DetectText_UsSsn_IsFoundWithLabelRaisingConfidence(string text, string ssn, double confidence)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.UsSsn, ssn);

        Assert.Equal("***-**-4399", signal.Evidence);
        Assert.Equal(confidence, signal.Confidence);
    }

    [Theory]
    [InlineData("SSN 000-12-3456")] // area 000
    [InlineData("SSN 666-12-3456")] // area 666
    [InlineData("SSN 912-12-3456")] // area 9xx
    [InlineData("SSN 536-00-4399")] // group 00
    [InlineData("SSN 536-90-0000")] // serial 0000
    [InlineData("SSN 987-65-4321")] // reserved for advertising
    [InlineData("SSN 536904399")] // no dashes
    [InlineData("version 536-90-4399-2")] // longer number
    public void DetectText_InvalidSsn_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));

    [Theory]
    [InlineData("NI number AB 12 34 56 C.", "AB 12 34 56 C", "AB ** ** ** C")]
    [InlineData("nino=JG103759A", "JG103759A", "JG******A")]
    public void DetectText_UkNino_IsFound(string text, string nino, string evidence)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.UkNino, nino);

        Assert.Equal(evidence, signal.Evidence);
    }

    [Theory]
    [InlineData("QQ123456C")] // Q is never a first letter
    [InlineData("GB123456A")] // GB is not issued
    [InlineData("AB123456E")] // suffix beyond D
    [InlineData("AB12345C")] // five digits
    [InlineData("XAB123456C")]
    public void DetectText_InvalidNino_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));

    [Theory]
    [InlineData("Numéro de sécu : 1 85 05 78 006 084 91", "1 85 05 78 006 084 91", "1 ** ** ** *** *** 91")]
    [InlineData("NIR 185057800608491.", "185057800608491", "1************91")]
    [InlineData("né en Corse : 1 85 05 2A 006 084 35", "1 85 05 2A 006 084 35", "1 ** ** ** *** *** 35")]
    public void DetectText_FrNir_IsFoundWhenItsKeyChecks(string text, string nir, string evidence)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.FrNir, nir);

        Assert.Equal(evidence, signal.Evidence);
        Assert.Equal(0.95, signal.Confidence);
    }

    [Theory]
    [InlineData("1 85 05 78 006 084 92")] // wrong key
    [InlineData("1 85 13 78 006 084 91")] // month 13
    [InlineData("3 85 05 78 006 084 91")] // sex digit 3
    public void DetectText_InvalidNir_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));

    [Theory]
    [InlineData("DNI 12345678Z, por favor", "12345678Z", PiiKinds.EsDni, "1*******Z")]
    [InlineData("DNI: 12345678-Z", "12345678-Z", PiiKinds.EsDni, "1*******-Z")]
    [InlineData("NIE X1234567L", "X1234567L", PiiKinds.EsNie, "X*******L")]
    [InlineData("NIE Y7654321G.", "Y7654321G", PiiKinds.EsNie, "Y*******G")]
    public void DetectText_SpanishIds_AreFoundWhenTheirLetterChecks(string text, string id, string kind, string evidence)
    {
        var signal = PiiDetectorTests.Single(text, kind, id);

        Assert.Equal(evidence, signal.Evidence);
    }

    [Theory]
    [InlineData("DNI 12345678A")] // wrong letter
    [InlineData("NIE X1234567A")]
    [InlineData("ref 12345678Zeta")] // part of a word
    public void DetectText_InvalidSpanishIds_FindNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));

    [Theory]
    [InlineData("Codice fiscale: RSSMRA85T10A562S.", "RSSMRA85T10A562S")]
    [InlineData("cf=BNCGNN80A41H501X", "BNCGNN80A41H501X")]
    public void DetectText_ItCodiceFiscale_IsFoundWhenItsCheckCharacterHolds(string text, string code)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.ItCodiceFiscale, code);

        Assert.Equal(code[..3] + new string('*', 12) + code[^1], signal.Evidence);
    }

    [Theory]
    [InlineData("RSSMRA85T10A562T")] // wrong check character
    [InlineData("RSSMRA85Z10A562S")] // Z is not a month
    [InlineData("RSSMRA85T35A562S")] // day 35
    public void DetectText_InvalidCodiceFiscale_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));

    [Theory]
    [InlineData("Steuer-IdNr: 86095742719", "86095742719")]
    [InlineData("German tax id 26 984 763 154", "26 984 763 154")]
    public void DetectText_DeTaxIdNextToItsLabel_IsFound(string text, string id)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.DeTaxId, id);

        Assert.Equal(0.9, signal.Confidence);
    }

    [Theory]
    [InlineData("Steuer-IdNr: 86095742718")] // wrong check digit
    [InlineData("Steuer-IdNr: 11111111116")] // one digit ten times
    [InlineData("shipment 86095742719 left the depot")] // valid, but no tax-id label
    public void DetectText_DeTaxIdWithoutCheckOrLabel_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));
}
