using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Tests.Detectors;

public sealed class PiiDetectorTests
{
    internal static List<Signal> Detect(string text)
    {
        var signals = new List<Signal>();
        new PiiDetector().DetectText(text, TextFields.Prompt, signals);
        return signals;
    }

    internal static Signal Single(string text, string kind, string value)
    {
        var signal = Assert.Single(Detect(text));
        Assert.Equal(DetectorNames.Pii, signal.Detector);
        Assert.Equal(kind, signal.Kind);
        Assert.Equal(text.IndexOf(value, StringComparison.Ordinal), signal.Start);
        Assert.Equal(value.Length, signal.Length);
        Assert.NotNull(signal.Evidence);
        Assert.NotEqual(value, signal.Evidence);
        Assert.Contains("*", signal.Evidence, StringComparison.Ordinal);
        return signal;
    }

    [Theory]
    [InlineData("Please email jane.doe@example.com about the refund.", "jane.doe@example.com", "j***@example.com")]
    [InlineData("Contact: <ops+alerts@mail.example.co.uk>.", "ops+alerts@mail.example.co.uk", "o***@mail.example.co.uk")]
    [InlineData("{\"to\":\"x_y-z@sub-domain.example.org\"}", "x_y-z@sub-domain.example.org", "x***@sub-domain.example.org")]
    public void DetectText_Email_IsFoundAndMasked(string text, string email, string evidence)
    {
        var signal = Single(text, PiiKinds.Email, email);

        Assert.Equal(evidence, signal.Evidence);
        Assert.InRange(signal.Confidence, 0.9, 1.0);
    }

    [Theory]
    [InlineData("Decorators like @Override and @param are not addresses.")]
    [InlineData("Use the retina image icon@2x.png here.")]
    [InlineData("Clone git@github.com:acme/app.git please.")]
    [InlineData("user@localhost and a@b.c and @scope/package")]
    [InlineData("broken .dot@example.com. and dot.@example.com")]
    public void DetectText_NotAnEmail_FindsNothing(string text) => Assert.Empty(Detect(text));

    [Theory]
    [InlineData("Call me on +44 20 7946 0958 tomorrow.", "+44 20 7946 0958")]
    [InlineData("WhatsApp: +14155552671", "+14155552671")]
    [InlineData("Office +33 1 23 45 67 89, ask for Paul.", "+33 1 23 45 67 89")]
    [InlineData("Tel. +44 (0)20 7946-0958", "+44 (0)20 7946-0958")]
    [InlineData("My cell is (415) 555-2671.", "(415) 555-2671")]
    [InlineData("reach us at 415-555-2671 or by mail", "415-555-2671")]
    [InlineData("hotline 1-800-555-0199 (toll free)", "1-800-555-0199")]
    [InlineData("ring 020 7946 0958 after six", "020 7946 0958")]
    [InlineData("Mobil: 0151-12345678.", "0151-12345678")]
    [InlineData("Appelez le 01 23 45 67 89 svp", "01 23 45 67 89")]
    public void DetectText_Phone_IsFound(string text, string phone)
    {
        var signal = Single(text, PiiKinds.Phone, phone);

        Assert.InRange(signal.Confidence, 0.6, 1.0);
    }

    [Fact]
    public void DetectText_Phone_KeepsOnlyTheEndsOfTheDigits()
    {
        var signal = Single("Call +44 20 7946 0958.", PiiKinds.Phone, "+44 20 7946 0958");

        Assert.Equal("+44 ** **** **58", signal.Evidence);
        Assert.Equal(5, signal.Start);
    }

    [Theory]
    [InlineData("The meeting is on 2024-01-15 at 10:30.")]
    [InlineData("Dates: 15.01.2024, 01/15/2024, 15 01 2024")]
    [InlineData("Upgrade from version 10.2.3 to 10.4.1, build 20240115.")]
    [InlineData("It costs $1,299.00 or 1 299,00 EUR; we sold 1,234,567 units.")]
    [InlineData("Order #415-555-2671 has shipped.")]
    [InlineData("Your order number 415-555-2671 was received.")]
    [InlineData("Tracking: 020 7946 0958 12")]
    [InlineData("The run took 123456789012 ns; id 4155552671.")]
    [InlineData("The area code 123-456-7890 is not valid in North America.")]
    [InlineData("Compute 3 +4 and +12 34.")]
    [InlineData("IP 192.168.100.200 and 10.0.0.1 are internal.")]
    [InlineData("console.log(buf); // Prints: <Buffer 00 00 00 00 00>")]
    [InlineData("Prints: <Buffer 01 02 03 04 05>")]
    [InlineData("(may vary): <Buffer a0 8b 28 3f 01 00 00 00 50 32>")]
    [InlineData("it writes the 4 bytes 000 014 000 000 to the file")]
    [InlineData("00000010  02 00 3e 00 01 00 00 00  c5 48 40 00 00 00 00 00  |..>......H@.....|")]
    [InlineData("ctx.quantize(Decimal('+35236450.6'), Decimal('1e-2'))")]
    public void DetectText_DatesVersionsPricesAndOrderNumbers_AreNotPhones(string text) => Assert.Empty(Detect(text));

    [Fact]
    public void DetectText_OrdinaryEnglish_FindsNothing()
    {
        const string Prose = "In 2023 the team shipped 14 releases. Chapter 3, page 112: the 1990s were different. "
            + "Route 66 runs 2,448 miles; the 747 first flew in 1969. Meet at 9:30 in room 4B. ISO 8601 and RFC 5322 apply.";

        Assert.Empty(Detect(Prose));
    }

    [Fact]
    public void DetectText_RandomGarbage_DoesNotThrow()
    {
        var random = new Random(7);
        const string Alphabet = "0123456789 -.+()@ABCDXYZabc_/#:\n";
        var chars = new char[1 << 20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i % 3 == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)];
        }

        var signals = Detect(new string(chars));

        Assert.All(signals, s => Assert.True(s.Start >= 0 && s.Start + s.Length <= chars.Length));
    }

    [Theory]
    [InlineData("00 ")]
    [InlineData("1 ")]
    [InlineData("4111 ")]
    [InlineData("+1 ")]
    [InlineData("a@")]
    [InlineData("@b.")]
    [InlineData("GB82 ")]
    [InlineData("9")]
    public void DetectText_HugeRepetitiveInput_DoesNotThrowAndStaysInBounds(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, (1 << 20) / unit.Length));

        var signals = Detect(text);

        Assert.All(signals, s => Assert.True(s.Start >= 0 && s.Start + s.Length <= text.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("@")]
    [InlineData("GB8")]
    [InlineData("(415")]
    [InlineData("123-45-")]
    public void DetectText_TruncatedInput_FindsNothing(string text) => Assert.Empty(Detect(text));
}
