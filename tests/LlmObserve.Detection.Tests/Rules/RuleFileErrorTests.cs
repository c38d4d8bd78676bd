using LlmObserve.Detection.Rules;
using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>Errors in a rule file's YAML and keys, each at its line and column, all of a file reported together.</summary>
public sealed class RuleFileErrorTests
{
    private static string Only(string yaml) => Assert.Single(Errors(yaml)).ToString();

    [Fact]
    public void Compile_YamlSyntaxError_IsReportedAtTheParserPosition() =>
        Assert.Equal(
            "rules.yaml:2:9: YAML syntax error: While scanning a quoted scalar, found unexpected end of stream.",
            Only("- rule: x\n  desc: \"unclosed\n"));

    [Fact]
    public void Compile_UnclosedFlowSequence_IsReportedWhereTheParserStopped() =>
        Assert.StartsWith("rules.yaml:2:9: YAML syntax error", Only("- rule: x\n  desc: [unclosed\n  output: o\n"), StringComparison.Ordinal);

    [Fact]
    public void Compile_DuplicateYamlKey_IsASyntaxErrorAtTheKey() =>
        Assert.StartsWith("rules.yaml:4:3: YAML syntax error: Duplicate key", Only("- rule: x\n  desc: d\n  output: o\n  desc: e\n"), StringComparison.Ordinal);

    [Fact]
    public void Compile_UnknownKey_IsReportedAtTheKeyWithASuggestion() =>
        Assert.StartsWith(
            "rules.yaml:7:3: rule 'test.rule' has unknown key 'severty' (did you mean 'severity'?); expected one of rule, desc,",
            Only(RuleWith("llm.prompt exists") + "\n  severty: high\n"),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("severity: high", "severity: urgent", "5:13: rule 'test.rule' has severity 'urgent'; expected one of info, low, medium, high, critical (or a Falco priority:")]
    [InlineData("category: secret", "category: secrets", "6:13: rule 'test.rule' has category 'secrets' (did you mean 'secret'?); expected one of prompt_injection, jailbreak, secret, pii,")]
    [InlineData("- rule: test.rule", "- rule: Test Rule", "1:9: rule id 'Test Rule' may only use a-z, 0-9, '_', '.' and '-'")]
    [InlineData("severity: high", "severity: high\n  enabled: yes", "6:12: rule 'test.rule': 'enabled' must be true or false, but is 'yes'")]
    [InlineData("severity: high", "severity: high\n  tags: LLM01", "6:9: rule 'test.rule': 'tags' must be a list, not a value")]
    [InlineData("severity: high", "severity: [high]", "5:13: rule 'test.rule': 'severity' must be a single value, not a list")]
    [InlineData("  desc: a rule under test\n", "", "1:3: rule 'test.rule' is missing required key 'desc'")]
    public void Compile_BadRuleValue_IsReported(string replace, string with, string expected) =>
        Assert.StartsWith($"rules.yaml:{expected}", Only(RuleWith("llm.prompt exists").Replace(replace, with, StringComparison.Ordinal)), StringComparison.Ordinal);

    [Fact]
    public void Compile_DuplicateRuleIdInOneFile_IsReported() =>
        Assert.Equal(
            "rules.yaml:7:3: duplicate rule 'test.rule': already defined in this file; use 'append: true' or 'override' to change it",
            Only(RuleWith("llm.prompt exists") + "\n" + RuleWith("llm.model exists")));

    [Fact]
    public void Compile_SameIdInALaterFile_IsNotADuplicate()
    {
        var result = RuleCompiler.Compile([new RuleSource("a.yaml", RuleWith("llm.prompt exists")), new RuleSource("b.yaml", RuleWith("llm.model exists"))], NoDetectors);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("- list: l\n  items: [x]\n  append: true\n", "1:3: list 'l' has append: true, but no earlier item or file defines it")]
    [InlineData("- rule: nope\n  enabled: false\n", "1:3: rule 'nope' is not defined by an earlier item or file;")]
    [InlineData("- macro: m\n  condition: llm.prompt exists\n  bogus: 1\n", "3:3: macro 'm' has unknown key 'bogus'; expected one of macro, condition, append, override")]
    [InlineData("- rule: x\n  macro: y\n", "1:3: an item has both 'rule' and 'macro'; write them as separate items")]
    [InlineData("- desc: x\n", "1:3: an item must have one of the keys 'rule', 'macro' or 'list'")]
    [InlineData("rule: x\n", "1:1: a rule file must be a list of items")]
    [InlineData("- just a string\n", "1:3: expected an item ('- rule: …', '- macro: …' or '- list: …'), not a value")]
    [InlineData("- list: l\n  items: [[a]]\n", "2:11: list 'l': every item must be a single value, not a list")]
    public void Compile_BadItem_IsReported(string yaml, string expected) =>
        Assert.StartsWith($"rules.yaml:{expected}", Only(yaml), StringComparison.Ordinal);

    [Fact]
    public void Compile_AppendingAKeyThatCannotBeAppended_SaysToOverride() =>
        Assert.Equal(
            "rules.yaml:9:3: rule 'test.rule' has append: true, which can only add to 'condition', 'exceptions', 'tags'; to change 'severity' use override: {severity: replace}",
            Only(RuleWith("llm.prompt exists") + "\n- rule: test.rule\n  append: true\n  severity: low\n"));

    [Fact]
    public void Compile_OverrideNotListingAKey_IsReported() =>
        Assert.Equal(
            "rules.yaml:9:3: rule 'test.rule' has 'desc', which 'override' does not list; add 'desc: replace' or 'desc: append' to it",
            Only(RuleWith("llm.prompt exists") + "\n- rule: test.rule\n  output: x\n  desc: y\n  override:\n    output: replace\n"));

    [Theory]
    [InlineData("fields: [k8s.ns]\n      comps: [=, in]\n      values: [[a]]", "10:14: rule 'test.rule': exception 'e': 'comps' must have one comparison per field (1)")]
    [InlineData("fields: [k8s.nss]\n      values: [[a]]", "9:16: rule 'test.rule': exception 'e': unknown field 'k8s.nss' (did you mean 'k8s.ns'?)")]
    [InlineData("fields: [k8s.ns, proc.exe]\n      values: [[a]]", "10:16: rule 'test.rule': exception 'e': each value must be a list of 2 values, one per field (k8s.ns, proc.exe)")]
    [InlineData("fields: [k8s.ns]\n      comps: [like]\n      values: [[a]]", "10:15: rule 'test.rule': exception 'e': unknown comparison 'like'; expected one of")]
    [InlineData("fields: [k8s.ns, proc.exe]\n      comps: [in, =]\n      values: [[nolist, x]]", "11:17: unknown list 'nolist'")]
    [InlineData("fields: [llm.tokens.total]\n      comps: [contains]\n      values: [[a]]", "9:16: operator 'contains' does not apply to number field 'llm.tokens.total'")]
    public void Compile_BadException_IsReported(string body, string expected) =>
        Assert.StartsWith(
            $"rules.yaml:{expected}",
            Only(RuleWith("llm.prompt exists") + $"\n  exceptions:\n    - name: e\n      {body}\n"),
            StringComparison.Ordinal);

    [Fact]
    public void Compile_BadExample_IsReported() =>
        Assert.Equal(
            "rules.yaml:9:10: rule 'test.rule': examples: positive example has unknown key 'promt' (did you mean 'prompt'?); expected one of prompt, system, response, tool_results, tool_calls, tools, provider, model, api, finish_reason, streamed, tokens_input, tokens_output, baseline_tokens, latency_ms, host, namespace, pod, container_id, exe, cmdline, node",
            Only(RuleWith("llm.prompt exists") + "\n  examples:\n    positive:\n      - {promt: x}\n"));

    [Fact]
    public void Compile_FileWithManyProblems_ReportsThemAllInOrder()
    {
        var errors = Errors("""
            - rule: a.one
              desc: d
              condition: llm.promt exists
              output: o
              severity: urgent
              category: secret
            - rule: a.two
              desc: d
              condition: (llm.prompt exists
              output: o %nope
              severity: low
              category: nope
            - macro: m
              condition: m
            """);

        Assert.Equal(
            ["3:14", "5:13", "9:32", "10:13", "12:13", "14:14"],
            errors.Select(e => $"{e.Line}:{e.Column}"));
    }
}
