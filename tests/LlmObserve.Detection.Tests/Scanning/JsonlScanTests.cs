using System.Text;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Tests.Scanning;

/// <summary>The scan command's input and output: text lines, wire exchanges, and lines that are neither.</summary>
public sealed class JsonlScanTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private static async Task<(List<JsonElement> Lines, string Errors, JsonlScanSummary Summary)> ScanAsync(string input, bool evidence = false)
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        var summary = await new JsonlScan(Engine, evidence).RunAsync(new StringReader(input), output, errors, "in.jsonl", cancellationToken: TestContext.Current.CancellationToken);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (lines, errors.ToString(), summary);
    }

    [Fact]
    public async Task TextLines_GiveOneLinePerInput_WithRuleCategorySeverityAndConfidence()
    {
        var (lines, errors, summary) = await ScanAsync("""
            {"id": "a", "text": "Send the report to jane.doe@example.com"}
            {"id": 7, "text": "What is the capital of France?"}
            """);

        Assert.Equal("", errors);
        Assert.Equal((2, 0), ((int)summary.Scanned, (int)summary.Malformed));
        Assert.Equal(["a", "7"], lines.Select(l => l.GetProperty("id").GetString()));
        var finding = Assert.Single(lines[0].GetProperty("findings").EnumerateArray());
        Assert.Equal(["rule", "category", "severity", "confidence"], finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("pii.email_address", "pii", "low"), (finding.GetProperty("rule").GetString(), finding.GetProperty("category").GetString(), finding.GetProperty("severity").GetString()));
        Assert.Empty(lines[1].GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task WireExchange_IsNormalizedAndScanned_WithEvidenceWhenAsked()
    {
        var exchange = ConversationExchanges.Of(LlmProviders.OpenAi, LlmEndpoints.ChatCompletions,
            """{"model":"gpt-4o","messages":[{"role":"user","content":"card 4111 1111 1111 1111 please"}]}""",
            """{"choices":[{"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""");

        var (lines, errors, _) = await ScanAsync(JsonSerializer.Serialize(exchange, CaptureJson.Default.CapturedExchange), evidence: true);

        Assert.Equal("", errors);
        Assert.Equal(exchange.Id.ToString(), lines[0].GetProperty("id").GetString());
        var finding = Assert.Single(lines[0].GetProperty("findings").EnumerateArray());
        Assert.Equal(("pii.payment_card", "llm.prompt", 5, 19), (finding.GetProperty("rule").GetString(), finding.GetProperty("location").GetString(),
            finding.GetProperty("start").GetInt32(), finding.GetProperty("length").GetInt32()));
        Assert.DoesNotContain("4111 1111 1111 1111", finding.GetProperty("evidence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedLines_AreReportedWithTheirLineNumber_AndTheOthersStillScanned()
    {
        var (lines, errors, summary) = await ScanAsync("""
            {"id": "1", "text": "hello"}
            {"id": "2", "text": "unterminated
            [1, 2]
            {"id": "4"}
            {"text": "no id"}

            {"id": "7", "text": 42}
            {"id": "8", "text": "still scanned"}
            """);

        Assert.Equal(["1", "8"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal((8, 2, 5), ((int)summary.Lines, (int)summary.Scanned, (int)summary.Malformed));
        var reported = errors.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["in.jsonl:2:", "in.jsonl:3:", "in.jsonl:4:", "in.jsonl:5:", "in.jsonl:7:"], reported.Select(r => r[..(r.IndexOf(':', 9) + 1)]));
        Assert.Contains("invalid JSON", reported[0], StringComparison.Ordinal);
        Assert.Contains("expected a JSON object, found a JSON array", reported[1], StringComparison.Ordinal);
        Assert.Contains("\"text\" must be a string", reported[4], StringComparison.Ordinal);
    }
}
