using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Findings;
using LlmObserve.Integrations.Delivery;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>RFC 5424 details that stored findings seldom exercise: escaping, header field limits, severities.</summary>
public sealed class SyslogMessageTests
{
    [Fact]
    public void Format_ParamValuesWithQuoteBackslashAndBracket_AreEscaped()
    {
        var finding = Finding() with { RuleId = "custom.a\"b\\c]d", ClusterName = "prod]\"eu\"" };

        var message = SyslogMessage.Format(finding, "{}");

        Assert.Contains("ruleId=\"custom.a\\\"b\\\\c\\]d\"", message, StringComparison.Ordinal);
        Assert.Contains("cluster=\"prod\\]\\\"eu\\\"\"", message, StringComparison.Ordinal);
        Assert.EndsWith("] \uFEFF{}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_HostnameWithSpacesOrNonAscii_BecomesPrintableAscii()
    {
        var message = SyslogMessage.Format(Finding() with { NodeName = "nœud 1", Category = "" }, "x");

        Assert.StartsWith("<107>1 2026-03-04T05:06:07.123456Z n_ud_1 llmobserve - - [llmobserve@32473 ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FindingSeverity.Critical, 106)]
    [InlineData(FindingSeverity.High, 107)]
    [InlineData(FindingSeverity.Medium, 108)]
    [InlineData(FindingSeverity.Low, 109)]
    [InlineData(FindingSeverity.Info, 110)]
    public void Format_Severity_GivesThePriorityOfLogAudit(FindingSeverity severity, int pri)
    {
        Assert.StartsWith($"<{pri}>1 ", SyslogMessage.Format(Finding() with { Severity = severity }, "x"), StringComparison.Ordinal);
    }

    private static FindingEvent Finding() => new()
    {
        Id = Guid.Parse("0193a1f2-7c4e-7b1a-9f3e-2d4c5b6a7e81"),
        TenantId = Guid.NewGuid(),
        ClusterId = Guid.NewGuid(),
        ClusterName = "prod-eu-1",
        NodeId = Guid.NewGuid(),
        NodeName = "node-1",
        ExchangeId = Guid.NewGuid(),
        CapturedAt = new DateTimeOffset(2026, 3, 4, 5, 6, 6, TimeSpan.Zero),
        CreatedAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_560),
        RuleId = "secret.aws_access_key_id",
        Category = FindingCategory.Secret,
        Severity = FindingSeverity.High,
        Title = "AWS key",
        Location = "request.body",
        Pid = 4242,
        Method = "POST",
        Path = "/v1/chat/completions",
        Position = new FeedPosition(1, Guid.NewGuid()),
    };
}
