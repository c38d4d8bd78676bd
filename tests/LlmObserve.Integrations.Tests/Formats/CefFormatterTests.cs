using LlmObserve.Contracts.Findings;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Tests.Formats;

public sealed class CefFormatterTests
{
    private readonly CefFormatter _formatter = new();

    [Fact]
    public void Write_SeparatorsInHeaderAndValues_AreEscapedPerSpecification()
    {
        var finding = SampleFindings.Sparse() with
        {
            RuleId = "secret|aws",
            Title = @"Leak | of C:\keys = bad",
            Category = FindingCategory.Secret,
            NodeName = "node=1",
            Evidence = "key=AKIA****\\path\r\nnext|line",
        };

        var line = _formatter.Write(finding);

        var rt = SampleFindings.CreatedAt.ToUnixTimeMilliseconds();
        var start = SampleFindings.CapturedAt.ToUnixTimeMilliseconds();
        Assert.Equal(
            $@"CEF:0|LlmObserve|LlmObserve|{CefFormatter.DeviceVersion}|secret\|aws|Leak \| of C:\\keys = bad|1|"
            + $@"rt={rt} start={start} externalId={SampleFindings.FindingId} cat=secret dvchost=node\=1 spid=4242 requestMethod=POST "
            + @"msg=key\=AKIA****\\path\r\nnext|line cs1=secret|aws cs1Label=ruleId cs2=prod-eu cs2Label=cluster",
            line);
    }

    [Fact]
    public void Write_EverySample_HasSevenUnescapedPipesBeforeTheExtensions()
    {
        foreach (var finding in SampleFindings.All())
        {
            var line = _formatter.Write(finding);

            var cef = CefLine.Parse(line);
            Assert.Equal(["CEF:0", "LlmObserve", "LlmObserve", CefFormatter.DeviceVersion], cef.Header.Take(4));
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
            Assert.Equal(finding.Id.ToString(), cef["externalId"]);
        }
    }

    [Fact]
    public void Write_AwkwardFinding_RoundTripsThroughAnIndependentReader()
    {
        var finding = SampleFindings.Awkward() with { Evidence = "a=b \\ c\nd\re | f", Command = "sh -c 'x=1'\t--y" };

        var cef = CefLine.Parse(_formatter.Write(finding));

        Assert.Equal("rule|id=x\\y", cef.Header[4]);
        Assert.StartsWith("Title with | pipe, = equals, \\ backslash,  new line, tab , NUL  , émoji 🚀", cef.Header[5], StringComparison.Ordinal);
        Assert.Equal("10", cef.Header[6]);
        Assert.Equal("a=b \\ c\nd\re | f", cef["msg"]);
        Assert.Equal("node|with=odd\\chars", cef["dvchost"]);
        Assert.Equal("sh -c 'x=1' --y", cef["flexString2"]);
        Assert.Equal("commandLine", cef["flexString2Label"]);
        Assert.Equal("secret\r\n", cef["cat"]);
        Assert.DoesNotContain(cef.Extensions, e => e.Key == "dst" || e.Key == "dpt" || e.Key == "cn1");
        Assert.Equal("http://[2001:db8::1]/no-leading-slash", cef["request"]);
        Assert.DoesNotContain(cef.Extensions, e => e.Value.Contains("token=secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_Complete_MapsWorkloadAndCallToCefKeys()
    {
        var cef = CefLine.Parse(_formatter.Write(SampleFindings.Complete()));

        Assert.Equal("prompt_injection.instruction_override", cef.Header[4]);
        Assert.Equal("node-a1", cef["dvchost"]);
        Assert.Equal("4242", cef["spid"]);
        Assert.Equal("python3", cef["sproc"]);
        Assert.Equal("api.openai.com", cef["dhost"]);
        Assert.Equal("162.159.140.245", cef["dst"]);
        Assert.Equal("443", cef["dpt"]);
        Assert.Equal("https://api.openai.com/v1/chat/completions", cef["request"]);
        Assert.Equal("shop", cef["cs3"]);
        Assert.Equal("checkout-7d9f", cef["cs4"]);
        Assert.Equal("openai", cef["cs5"]);
        Assert.Equal("gpt-4o", cef["cs6"]);
        Assert.Equal("llmModel", cef["cs6Label"]);
        Assert.Equal("92", cef["cn1"]);
        Assert.Equal("3f1e2d4c5b6a", cef["flexString1"]);
        Assert.Equal(SampleFindings.Complete().Evidence, cef["msg"]);
    }

    [Fact]
    public void Write_Ipv6Peer_GoesToTheCustomIpv6FieldNotDst()
    {
        var cef = CefLine.Parse(_formatter.Write(SampleFindings.Ipv6()));

        Assert.Equal("2001:db8::1", cef["c6a3"]);
        Assert.Equal("Destination IPv6 Address", cef["c6a3Label"]);
        Assert.DoesNotContain(cef.Extensions, e => e.Key == "dst");
        Assert.Equal("http://[2001:db8::1]:8443/v1/chat/completions", cef["request"]);
    }

    [Fact]
    public void Write_HugeEvidence_IsCutToTheSpecificationsLength()
    {
        var cef = CefLine.Parse(_formatter.Write(SampleFindings.Awkward()));

        Assert.Equal(1023, cef["msg"].Length);
        Assert.EndsWith("…", cef["msg"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FindingSeverity.Info, "1")]
    [InlineData(FindingSeverity.Low, "3")]
    [InlineData(FindingSeverity.Medium, "5")]
    [InlineData(FindingSeverity.High, "8")]
    [InlineData(FindingSeverity.Critical, "10")]
    public void Write_Severity_MapsToCefScale(FindingSeverity severity, string cefSeverity)
    {
        var cef = CefLine.Parse(_formatter.Write(SampleFindings.Complete(severity)));

        Assert.Equal(cefSeverity, cef.Header[6]);
    }
}
