using LlmObserve.Contracts.Findings;
using LlmObserve.Detection.Rules;
using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>Lists, macros, exceptions, examples and how later items and files change earlier ones.</summary>
public sealed class RuleFileTests
{
    private const string Pack = """
        - list: shell_tools
          items: [run_shell, exec]
        - list: risky_tools
          items: [shell_tools, "delete file", shell_tools_typo]
        - macro: shell_called
          condition: llm.tool_names in (risky_tools)
        - macro: from_payments
          condition: k8s.ns = payments and shell_called
        - rule: tool_risk.shell
          desc: The model called a shell tool.
          condition: from_payments
          output: shell call by %k8s.pod
          severity: warning
          category: tool_risk
          tags: [maturity_stable, LLM06]
        """;

    [Fact]
    public void Compile_ListsAndMacros_ResolveReferences()
    {
        var set = Compile(Pack);

        Assert.Equal(["run_shell", "exec", "delete file", "shell_tools_typo"], set.Lists["risky_tools"]);
        Assert.Equal("k8s.ns = payments and shell_called", set.Macros["from_payments"]);
        Assert.Equal(FindingSeverity.Medium, set.Rules[0].Severity);
        Assert.NotNull(set.Rules[0].Evaluate(Subject()));
    }

    [Fact]
    public void Compile_TenantFile_AppendsToBuiltInListAndChangesARule()
    {
        const string tenant = """
            - list: shell_tools
              items: [get_weather]
              append: true
            - rule: tool_risk.shell
              severity: critical
            - macro: from_payments
              condition: or k8s.ns = billing
              append: true
            """;

        var result = RuleCompiler.Compile([new RuleSource("builtin.yaml", Pack), new RuleSource("tenant.yaml", tenant)], NoDetectors);
        var rule = result.RuleSet!.Rules.Single();

        Assert.Equal(["run_shell", "exec", "get_weather", "delete file", "shell_tools_typo"], result.RuleSet.Lists["risky_tools"]);
        Assert.Equal((FindingSeverity.Critical, "builtin.yaml"), (rule.Severity, rule.SourceFile));
        Assert.Equal("(k8s.ns = payments and shell_called) or (k8s.ns = billing)", result.RuleSet.Macros["from_payments"]);
    }

    [Fact]
    public void Compile_EnabledOnlyItem_DisablesTheRuleAndEvaluateSkipsIt()
    {
        var set = Compile(Pack + "\n- rule: tool_risk.shell\n  enabled: false\n");

        Assert.False(set.Rules[0].Enabled);
        Assert.Empty(set.Evaluate(Subject()));
        Assert.NotNull(set.Rules[0].Evaluate(Subject()));
    }

    [Fact]
    public void Compile_AppendedRuleCondition_IsAndedWithTheOriginal()
    {
        var set = Compile(Pack + """

            - rule: tool_risk.shell
              condition: and not llm.provider = openai
              append: true
            """);

        Assert.Null(set.Rules[0].Evaluate(Subject()));
        Assert.Equal("(from_payments) and (not llm.provider = openai)", set.Rules[0].Condition);
    }

    [Fact]
    public void Compile_Override_ReplacesAndAppendsKeyByKey()
    {
        const string tenant = """
            - rule: tool_risk.shell
              output: replaced %k8s.ns
              tags: [LLM08]
              override:
                output: replace
                tags: append
            - list: shell_tools
              items: [nothing]
              override:
                items: replace
            """;

        var set = RuleCompiler.Compile([new RuleSource("a.yaml", Pack), new RuleSource("b.yaml", tenant)], NoDetectors).RuleSet!;

        Assert.Equal(["maturity_stable", "LLM06", "LLM08"], set.Rules[0].Tags);
        Assert.Equal("replaced %k8s.ns", set.Rules[0].Output.Text);
        Assert.Equal(["nothing", "delete file", "shell_tools_typo"], set.Lists["risky_tools"]);
    }

    [Fact]
    public void Compile_FullRedefinitionInALaterFile_ReplacesTheRule()
    {
        var set = RuleCompiler.Compile([new RuleSource("a.yaml", Pack), new RuleSource("b.yaml", RuleWith("llm.provider = nope").Replace("test.rule", "tool_risk.shell", StringComparison.Ordinal))], NoDetectors).RuleSet!;

        Assert.Equal(("b.yaml", "llm.provider = nope"), (set.Rules.Single().SourceFile, set.Rules[0].Condition));
    }

    [Fact]
    public void Evaluate_Exceptions_SuppressMatchingTuples()
    {
        var rule = Compile("""
            - list: trusted_namespaces
              items: [ml-team]
            - rule: tool_risk.shell
              desc: d
              condition: llm.tool_names exists
              output: o
              severity: high
              category: tool_risk
              exceptions:
                - name: trusted_workloads
                  fields: [k8s.ns, proc.exe]
                  comps: [in, endswith]
                  values:
                    - [[payments, billing], /python3]
                    - [trusted_namespaces, /jupyter]
                - name: local_models
                  fields: llm.provider
                  comps: in
                  values: [[ollama, vllm]]
            """).Rules.Single();

        Assert.Null(rule.Evaluate(Subject()));
        Assert.NotNull(Compile(RuleWith("llm.tool_names exists")).Rules[0].Evaluate(Subject()));
    }

    [Fact]
    public void Evaluate_ExceptionNotMatchingEveryField_KeepsTheMatch()
    {
        var rule = Compile("""
            - rule: tool_risk.shell
              desc: d
              condition: llm.tool_names exists
              output: o
              severity: high
              category: tool_risk
              exceptions:
                - name: trusted
                  fields: [k8s.ns, proc.exe]
                  values:
                    - [payments, /usr/bin/node]
            """).Rules.Single();

        Assert.NotNull(rule.Evaluate(Subject()));
    }

    [Fact]
    public void Compile_Examples_BuildSubjectsThatTheRuleChecks()
    {
        var set = Compile("""
            - rule: tool_risk.shell
              desc: d
              condition: llm.tool_names in (run_shell) and k8s.ns = payments and llm.tokens.total > 10
              output: o
              severity: high
              category: tool_risk
              examples:
                positive:
                  - namespace: payments
                    tokens_input: 8
                    tokens_output: 5
                    tool_calls: [{name: run_shell, arguments: {cmd: ls, force: true}}]
                negative:
                  - "just a prompt"
                  - {namespace: payments, tool_calls: [{name: get_weather}]}
            """);
        var examples = set.Rules[0].Examples;

        Assert.Equal((1, 2), (examples.Positive.Count, examples.Negative.Count));
        Assert.Equal("""{"cmd":"ls","force":true}""", examples.Positive[0].ToolCalls[0].ArgumentsJson);
        Assert.Equal(("just a prompt", 14, 9), (examples.Negative[0].Prompt, examples.Negative[0].Line, examples.Negative[0].Column));
        Assert.Empty(set.CheckExamples(NoDetectors));
    }

    [Fact]
    public void CheckExamples_WrongExamples_AreReportedAtTheirPosition()
    {
        var set = Compile(RuleWith("llm.prompt contains secret") + """

              examples:
                positive: [nothing here]
                negative: [a secret]
            """);

        Assert.Equal(
            ["rules.yaml:8:16: positive example of rule 'test.rule' does not match", "rules.yaml:9:16: negative example of rule 'test.rule' matches"],
            set.CheckExamples(NoDetectors).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("info", FindingSeverity.Info)]
    [InlineData("LOW", FindingSeverity.Low)]
    [InlineData("Medium", FindingSeverity.Medium)]
    [InlineData("high", FindingSeverity.High)]
    [InlineData("critical", FindingSeverity.Critical)]
    [InlineData("EMERGENCY", FindingSeverity.Critical)]
    [InlineData("alert", FindingSeverity.Critical)]
    [InlineData("error", FindingSeverity.High)]
    [InlineData("warning", FindingSeverity.Medium)]
    [InlineData("notice", FindingSeverity.Low)]
    [InlineData("informational", FindingSeverity.Info)]
    [InlineData("debug", FindingSeverity.Info)]
    public void Compile_Severity_AcceptsOursAndFalcoPriorities(string name, FindingSeverity expected) =>
        Assert.Equal(expected, Compile(RuleWith("llm.prompt exists").Replace("severity: high", $"severity: {name}", StringComparison.Ordinal)).Rules[0].Severity);

    [Fact]
    public void Compile_PriorityKey_IsAnAliasOfSeverity() =>
        Assert.Equal(FindingSeverity.Low, Compile(RuleWith("llm.prompt exists").Replace("severity: high", "priority: NOTICE", StringComparison.Ordinal)).Rules[0].Severity);

    [Fact]
    public void Compile_EmptyFile_GivesAnEmptySet() =>
        Assert.Empty(Compile("# nothing yet\n").Rules);
}
