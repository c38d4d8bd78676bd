using LlmObserve.Contracts.Findings;
using LlmObserve.Detection.Engine;
using LlmObserve.Detection.Rules;

namespace LlmObserve.Detection.Tests.Scanning;

/// <summary>The shipped rule pack: it compiles, it is big enough, and every rule's examples hold with the real detectors.</summary>
public sealed class BuiltInRulePackTests
{
    private static readonly string[] Categories =
    [
        FindingCategory.PromptInjection, FindingCategory.Jailbreak, FindingCategory.Secret, FindingCategory.Pii,
        FindingCategory.SystemPromptLeak, FindingCategory.Exfiltration, FindingCategory.ShadowAi, FindingCategory.ToolRisk,
        FindingCategory.CostAnomaly,
    ];

    private static RuleSet Pack()
    {
        var result = RuleCompiler.Compile(DetectionEngine.BuiltInRuleSources(), DetectionEngine.BuiltInDetectors());
        Assert.True(result.RuleSet is not null, string.Join(Environment.NewLine, result.Errors));
        return result.RuleSet;
    }

    [Fact]
    public void Pack_CompilesToAtLeastThirtyRules_CoveringEveryCategory()
    {
        var rules = Pack().Rules;

        Assert.InRange(rules.Count, 30, 500);
        Assert.Equal(Categories.Order(StringComparer.Ordinal), rules.Select(r => r.Category).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryRule_HasPositiveAndNegativeExamples_TagsAndAMaturity()
    {
        Assert.All(Pack().Rules, rule =>
        {
            Assert.True(rule.Examples.Positive.Count > 0, $"{rule.Id} has no positive example");
            Assert.True(rule.Examples.Negative.Count > 0, $"{rule.Id} has no negative example");
            Assert.Contains(rule.Tags, t => t.StartsWith("maturity_", StringComparison.Ordinal));
            Assert.Contains(rule.Tags, t => t.StartsWith("LLM", StringComparison.Ordinal)); // an OWASP LLM Top 10 2025 id
            Assert.True(rule.Enabled, $"{rule.Id} is shipped disabled");
        });
    }

    [Fact]
    public void EveryExample_MatchesOrNotAsItSays_WithTheRealDetectors()
    {
        var detectors = DetectionEngine.BuiltInDetectors();

        var failures = Pack().CheckExamples(detectors);

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Engine_ScansAnExampleAsAFindingWithTheRuleTagsAndMaskedEvidence()
    {
        var engine = DetectionEngine.Create();
        const string key = "AKIAIOSFODNN7EXAMPLE";

        var finding = Assert.Single(engine.ScanText($"My key id is {key}, why is it refused?").Findings);

        Assert.Equal(("secret.cloud_credentials", FindingCategory.Secret, FindingSeverity.Critical, TextFields.Prompt, 13, key.Length),
            (finding.RuleId, finding.Category, finding.Severity, finding.Location, finding.Start, finding.Length));
        Assert.DoesNotContain(key, finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("LLM02", finding.Tags);
        Assert.InRange(finding.Confidence, 0.9, 1.0);
    }

    [Fact]
    public void Engine_ATenantFileThatDoesNotCompile_IsRejectedWithFileLineAndColumn()
    {
        var e = Assert.Throws<RuleValidationException>(() => DetectionEngine.Create(
            [new RuleSource("tenant.yaml", "- rule: t.x\n  desc: d\n  condition: llm.promt contains \"a\"\n  output: o\n  severity: low\n  category: pii\n")]));

        Assert.Contains("tenant.yaml:3:14: unknown field 'llm.promt'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TenantState_DisablesABuiltInRule_AndChangesTheSeverityOfAnother()
    {
        var result = TenantRules.Compile(DetectionEngine.BuiltInDetectors(), [
            new TenantRuleState("pii.email_address", null, false, null),
            new TenantRuleState("pii.phone_number", null, null, FindingSeverity.High),
        ]);

        var rules = result.RuleSet!;
        Assert.False(rules.Find("pii.email_address")!.Enabled);
        Assert.Equal(FindingSeverity.High, rules.Find("pii.phone_number")!.Severity);
        Assert.Empty(new DetectionEngine(DetectionEngine.BuiltInDetectors(), rules).ScanText("write to jane.doe@example.com").Findings);
    }
}
