using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class PiiFinancialTests
{
    [Theory]
    [InlineData("My card is 4111 1111 1111 1111, exp 12/27.", "4111 1111 1111 1111", "**** **** **** 1111")] // Visa
    [InlineData("card=4111111111111111&cvv=123", "4111111111111111", "************1111")]
    [InlineData("MC 5555-5555-5555-4444 declined", "5555-5555-5555-4444", "****-****-****-4444")]
    [InlineData("new Mastercard 2223003122003222", "2223003122003222", "************3222")] // 2-series
    [InlineData("Amex: 3782 822463 10005.", "3782 822463 10005", "**** ****** *0005")]
    [InlineData("Discover 6011111111111117", "6011111111111117", "************1117")]
    [InlineData("JCB 3530111333300000 ok", "3530111333300000", "************0000")]
    [InlineData("Diners 30569309025904", "30569309025904", "**********5904")]
    [InlineData("Visa 13: 4222222222222.", "4222222222222", "*********2222")]
    public void DetectText_CardNumber_IsFoundWithLastFourOnly(string text, string card, string evidence)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.CreditCard, card);

        Assert.Equal(evidence, signal.Evidence);
        Assert.Equal(0.95, signal.Confidence);
    }

    [Fact]
    public void DetectText_CardFollowedByYear_IsStillFound()
    {
        var signals = PiiDetectorTests.Detect("pay with 4111 1111 1111 1111 2030 please");

        var signal = Assert.Single(signals);
        Assert.Equal(9, signal.Start);
        Assert.Equal(19, signal.Length);
    }

    [Theory]
    [InlineData("4111 1111 1111 1112")] // fails Luhn
    [InlineData("4111111111111112")]
    [InlineData("1234 5678 9012 3456")] // no network starts with 1
    [InlineData("9111111111111111111")] // unknown prefix
    [InlineData("41111111111111110")] // 17 digits: not a Visa length
    [InlineData("4111 11111 1111 111")] // irregular grouping
    [InlineData("order 41111111111111111111 shipped")] // 20 digits
    [InlineData("v4111111111111111")] // part of a word
    public void DetectText_NotACard_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));

    [Theory]
    [InlineData("Wire to GB82WEST12345698765432 today.", "GB82WEST12345698765432", "GB82**************5432")]
    [InlineData("IBAN: GB82 WEST 1234 5698 7654 32, ref 7", "GB82 WEST 1234 5698 7654 32", "GB82 **** **** **** **54 32")]
    [InlineData("Konto DE89370400440532013000.", "DE89370400440532013000", "DE89**************3000")]
    [InlineData("IBAN FR14 2004 1010 0505 0001 3M02 606", "FR14 2004 1010 0505 0001 3M02 606", "FR14 **** **** **** **** ***2 606")]
    [InlineData("NL91ABNA0417164300", "NL91ABNA0417164300", "NL91**********4300")]
    [InlineData("(ES91 2100 0418 4502 0005 1332)", "ES91 2100 0418 4502 0005 1332", "ES91 **** **** **** **** 1332")]
    public void DetectText_Iban_IsFoundAndMasked(string text, string iban, string evidence)
    {
        var signal = PiiDetectorTests.Single(text, PiiKinds.Iban, iban);

        Assert.Equal(evidence, signal.Evidence);
        Assert.Equal(0.95, signal.Confidence);
    }

    [Theory]
    [InlineData("GB83WEST12345698765432")] // wrong check digits
    [InlineData("DE89370400440532013001")] // one digit changed
    [InlineData("GB82WEST1234569876543")] // one character short
    [InlineData("GB82WEST123456987654321")] // one character long
    [InlineData("QQ82WEST12345698765432")] // no such country
    [InlineData("XGB82WEST12345698765432")] // inside a longer token
    [InlineData("gb82west12345698765432")] // lower case
    public void DetectText_NotAnIban_FindsNothing(string text) => Assert.Empty(PiiDetectorTests.Detect(text));
}
