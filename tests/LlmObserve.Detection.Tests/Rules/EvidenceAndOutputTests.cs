using LlmObserve.Contracts.Findings;
using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>What a match carries: the evidence span, the formatted output, and the rule's metadata.</summary>
public sealed class EvidenceAndOutputTests
{
    [Theory]
    [InlineData("llm.prompt contains ghp_", 46, 4, "ghp_")]
    [InlineData("llm.prompt icontains 'PREVIOUS'", 14, 8, "previous")]
    [InlineData("llm.prompt regex 'ghp_[a-z]+'", 46, 7, "ghp_abc")]
    [InlineData("llm.prompt startswith Please", 0, 6, "Please")]
    [InlineData("llm.prompt endswith abc", 50, 3, "abc")]
    public void Evaluate_TextTest_GivesTheMatchedSpan(string condition, int start, int length, string evidence)
    {
        var match = Rule(condition).Evaluate(Subject())!;

        Assert.Equal(("llm.prompt", start, length, evidence, 1.0), (match.Field, match.Start, match.Length, match.Evidence, match.Confidence));
    }

    [Fact]
    public void Evaluate_LongMatch_EvidenceIsCutTo200Characters()
    {
        var text = "key=" + new string('x', 500);

        var match = Rule("llm.prompt regex 'key=x+'").Evaluate(Bare(text))!;

        Assert.Equal((0, 504, 200), (match.Start, match.Length, match.Evidence!.Length));
    }

    [Theory]
    [InlineData("llm.provider = openai")]
    [InlineData("llm.tokens.total > 3")]
    [InlineData("not llm.prompt contains zzz")]
    [InlineData("llm.tools contains shell")]
    public void Evaluate_NonTextLeaf_HasNoEvidence(string condition)
    {
        var match = Rule(condition).Evaluate(Subject())!;

        Assert.Equal((null, 0, 0, null, 1.0), (match.Field, match.Start, match.Length, match.Evidence, match.Confidence));
    }

    [Fact]
    public void Evaluate_Or_TakesTheEvidenceOfTheTrueOperand()
    {
        var match = Rule("llm.prompt contains nothing or llm.response contains here").Evaluate(Subject())!;

        Assert.Equal(("llm.response", 6, "here"), (match.Field, match.Start, match.Evidence));
    }

    [Fact]
    public void Output_FieldsAreSubstituted()
    {
        var rule = Compile(RuleWith(
            "llm.prompt contains ghp_",
            "\"GitHub token sent to %llm.provider (%llm.model) by %k8s.pod, %llm.tokens.total tokens, streamed=%llm.streamed, tools %llm.tools, cmd %proc.cmdline, 100%% sure.\"")).Rules[0];

        var match = rule.Evaluate(Subject())!;

        Assert.Equal("GitHub token sent to openai (gpt-4o-mini) by api-7f9, 120 tokens, streamed=true, tools run_shell,get_weather, cmd <NA>, 100% sure.", match.Output);
    }

    [Fact]
    public void Output_DetectorPlaceholder_IsTheTopSignalKind()
    {
        var set = new Engine.DetectorSet([new FakeDetector("pii", new Engine.Signal("pii", "email", 0.9, null, 0, 0, null))]);
        var rule = Compile(RuleWith("detect.pii exists", "'%detect.pii found in %llm.prompt'"), set).Rules[0];

        Assert.Equal("email found in hello", rule.Evaluate(Bare("hello", set))!.Output);
    }

    [Fact]
    public void Output_LongValue_IsCut()
    {
        var rule = Compile(RuleWith("llm.prompt exists", "'prompt: %llm.prompt'")).Rules[0];

        var output = rule.Evaluate(Bare(new string('p', 1000)))!.Output;

        Assert.Equal("prompt: ".Length + 120 + 1, output.Length);
        Assert.EndsWith("…", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RuleKeys_AreAllRead()
    {
        var rule = Compile("""
            - rule: secret.github_token
              desc: A GitHub token in a prompt.
              condition: llm.prompt contains ghp_
              output: GitHub token sent to %llm.provider
              severity: ERROR
              category: secret
              tags: [maturity_stable, LLM02, AML.T0057]
              enabled: false
            """).Rules.Single();

        Assert.Equal(("secret.github_token", "A GitHub token in a prompt.", FindingCategory.Secret, FindingSeverity.High, false),
            (rule.Id, rule.Description, rule.Category, rule.Severity, rule.Enabled));
        Assert.Equal(["maturity_stable", "LLM02", "AML.T0057"], rule.Tags);
        Assert.Equal(("rules.yaml", 1, "llm.prompt contains ghp_"), (rule.SourceFile, rule.Line, rule.Condition));
        Assert.Equal("GitHub token sent to %llm.provider", rule.Output.Text);
    }
}
