using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class ChecksumsTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("378282246310005", true)]
    [InlineData("79927398713", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398710", false)]
    [InlineData("1", false)]
    [InlineData("41x1", false)]
    public void Luhn_KnownNumbers(string digits, bool valid) => Assert.Equal(valid, Checksums.Luhn(digits));

    [Theory]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("MT84MALT011000012345MTLCAST001S", true)] // 31 characters, longer than any 64-bit integer
    [InlineData("GB83WEST12345698765432", false)]
    [InlineData("GB82west12345698765432", false)]
    [InlineData("GB8", false)]
    public void IbanMod97_KnownIbans(string iban, bool valid) => Assert.Equal(valid, Checksums.IbanMod97(iban));

    [Theory]
    [InlineData(536, 90, 4399, true)]
    [InlineData(899, 99, 9999, true)]
    [InlineData(0, 90, 4399, false)]
    [InlineData(666, 90, 4399, false)]
    [InlineData(900, 90, 4399, false)]
    [InlineData(536, 0, 4399, false)]
    [InlineData(536, 90, 0, false)]
    public void UsSsn_IssuingRules(int area, int group, int serial, bool valid) => Assert.Equal(valid, Checksums.UsSsn(area, group, serial));

    [Theory]
    [InlineData("185057800608491", true)]
    [InlineData("269029934173285", true)]
    [InlineData("18505" + "2A" + "00608435", true)]
    [InlineData("185057800608492", false)]
    [InlineData("18505" + "2B" + "00608435", false)]
    [InlineData("1850578006084", false)]
    public void FrNirKey_KnownNumbers(string nir, bool valid) => Assert.Equal(valid, Checksums.FrNirKey(nir));

    [Theory]
    [InlineData("12345678", 'Z', true)]
    [InlineData("X1234567", 'L', true)]
    [InlineData("Y7654321", 'G', true)]
    [InlineData("12345678", 'A', false)]
    [InlineData("1234567", 'Z', false)]
    public void EsDniLetter_KnownNumbers(string number, char letter, bool valid) => Assert.Equal(valid, Checksums.EsDniLetter(number, letter));

    [Theory]
    [InlineData("RSSMRA85T10A562S", true)]
    [InlineData("BNCGNN80A41H501X", true)]
    [InlineData("RSSMRA85T10A562T", false)]
    [InlineData("rssmra85t10a562s", false)]
    public void ItCodiceFiscale_KnownCodes(string code, bool valid) => Assert.Equal(valid, Checksums.ItCodiceFiscale(code));

    [Theory]
    [InlineData("86095742719", true)]
    [InlineData("26984763154", true)]
    [InlineData("86095742718", false)]
    [InlineData("06095742719", false)] // leading zero
    [InlineData("12345678903", false)] // no repeated digit
    public void DeTaxId_KnownNumbers(string digits, bool valid) => Assert.Equal(valid, Checksums.DeTaxId(digits));
}
