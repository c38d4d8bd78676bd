using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>Errors inside conditions, each at the exact line and column of the offending token.</summary>
public sealed class ConditionErrorTests
{
    private static string Only(string yaml) => Assert.Single(Errors(yaml)).ToString();

    [Fact]
    public void Compile_UnknownFieldInPlainScalar_PointsAtTheField() =>
        Assert.Equal(
            "rules.yaml:3:40: unknown field 'llm.promt' (did you mean 'llm.prompt'?)",
            Only(RuleWith("llm.provider = openai and llm.promt contains x")));

    [Fact]
    public void Compile_UnknownFieldInDoubleQuotedScalar_CountsTheEscapes() =>
        Assert.Equal(
            "rules.yaml:3:45: unknown field 'llm.promt' (did you mean 'llm.prompt'?)",
            Only(RuleWith("\"llm.prompt contains \\\"x\\\" and llm.promt exists\"")));

    [Fact]
    public void Compile_UnknownFieldInFoldedBlock_PointsAtItsLine() =>
        Assert.Equal(
            "rules.yaml:5:9: unknown field 'llm.promt' (did you mean 'llm.prompt'?)",
            Only(RuleWith(">\n    llm.provider = openai\n    and llm.promt exists")));

    [Fact]
    public void Compile_UnknownFieldInLiteralBlock_PointsAtItsLineAndColumn() =>
        Assert.Equal(
            "rules.yaml:5:12: unknown field 'llm.promt' (did you mean 'llm.prompt'?)",
            Only(RuleWith("|\n    llm.provider = openai\n      and (llm.promt exists)")));

    [Fact]
    public void Compile_UnclosedParenthesis_SaysWhichOneAndWhere() =>
        Assert.Equal(
            "rules.yaml:3:60: expected ')' to close '(' at 3:14, but found the end of the condition",
            Only(RuleWith("(llm.provider = openai and (llm.prompt exists)")));

    [Theory]
    [InlineData("llm.prompt exists)", "3:31: unexpected ')' with no '(' to close")]
    [InlineData("llm.prompt exists llm.model exists", "3:32: expected 'and', 'or' or the end of the condition, but found 'llm.model'")]
    [InlineData("llm.prompt contains", "3:33: expected a value after 'contains', but found the end of the condition")]
    [InlineData("and llm.prompt exists", "3:14: expected a condition before 'and'")]
    [InlineData("llm.provider in (a, b", "3:35: expected ',' or ')' to close '(' at 3:30, but found the end of the condition")]
    [InlineData("llm.provider in ()", "3:31: expected at least one value in 'in (…)'")]
    [InlineData("llm.prompt contains 'abc", "3:34: unterminated string: expected a closing ' for the quote at 3:34")]
    [InlineData("llm.prompt exists and", "3:35: expected a condition (a field test, a macro or '('), but the condition ends here")]
    public void Compile_SyntaxError_IsReportedAtTheToken(string condition, string expected) =>
        Assert.Equal($"rules.yaml:{expected}", Only(RuleWith(condition)));

    [Theory]
    [InlineData("llm.tokens.total contains x", "3:31: operator 'contains' does not apply to number field 'llm.tokens.total'; it takes =, !=, <, <=, >, >=, in, exists")]
    [InlineData("llm.prompt > 3", "3:25: operator '>' does not apply to string field 'llm.prompt'; it takes =, !=, in, contains, icontains, startswith, endswith, glob, regex, exists")]
    [InlineData("llm.tools < 3", "3:24: operator '<' does not apply to list field 'llm.tools'; it takes =, !=, in, contains, icontains, startswith, endswith, glob, regex, exists")]
    [InlineData("llm.streamed contains x", "3:27: operator 'contains' does not apply to boolean field 'llm.streamed'; it takes =, !=, exists")]
    [InlineData("llm.tokens.total > many", "3:33: expected a number after '>' for number field 'llm.tokens.total', but found 'many'")]
    [InlineData("llm.tokens.total in (1, x)", "3:38: expected a number in 'in (…)' for number field 'llm.tokens.total', but found 'x'")]
    [InlineData("llm.streamed = maybe", "3:29: expected true or false for boolean field 'llm.streamed', but found 'maybe'")]
    [InlineData("llm.streamed", "3:14: field 'llm.streamed' needs an operator, e.g. 'llm.streamed exists'")]
    [InlineData("some_macro", "3:14: unknown macro 'some_macro'")]
    public void Compile_TypeOrNameError_IsReported(string condition, string expected) =>
        Assert.Equal($"rules.yaml:{expected}", Only(RuleWith(condition)));

    [Theory]
    [InlineData("detect.secrets > 0.5", "3:14: unknown detector 'secrets' in 'detect.secrets' (did you mean 'secret'?); known detectors: cost_anomaly, exfiltration, injection, jailbreak, pii, secret, system_prompt_leak, tool_risk")]
    [InlineData("detect.secret contains x", "3:28: operator 'contains' does not apply to detector predicate 'detect.secret'; it takes >, >=, <, <=, =, != (with a confidence), in (kinds), exists")]
    [InlineData("detect.secret > 2", "3:30: expected a confidence between 0 and 1 after '>' for 'detect.secret', but found '2'")]
    [InlineData("detect.secret.aws_key in (x)", "3:36: operator 'in' does not apply to 'detect.secret.aws_key'; it takes a comparison with a confidence or 'exists' (test kinds with 'detect.secret in (…)')")]
    public void Compile_BadDetectorPredicate_IsReported(string condition, string expected) =>
        Assert.Equal($"rules.yaml:{expected}", Only(RuleWith(condition)));

    [Fact]
    public void Compile_UnknownList_IsReportedWithASuggestion() =>
        Assert.Equal(
            "rules.yaml:5:32: unknown list 'shell_toolz' (did you mean 'shell_tools'?)",
            Only("- list: shell_tools\n  items: [a]\n" + RuleWith("llm.tool_names in shell_toolz")));

    [Fact]
    public void Compile_MacroCycle_IsReportedAtTheReferenceThatClosesIt() =>
        Assert.Equal(
            "rules.yaml:4:34: macro cycle: a -> b -> a; a macro cannot use itself",
            Only("""
                - macro: a
                  condition: b and llm.prompt exists
                - macro: b
                  condition: llm.provider = x or a
                """));

    [Fact]
    public void Compile_MacroUsingItself_IsACycle() =>
        Assert.Equal("rules.yaml:2:35: macro cycle: a -> a; a macro cannot use itself", Only("- macro: a\n  condition: llm.prompt exists or a\n"));

    [Fact]
    public void Compile_ListCycle_IsReported() =>
        Assert.Equal(
            "rules.yaml:4:11: list cycle: x -> y -> x; a list cannot include itself",
            Only("- list: x\n  items: [a, y]\n- list: y\n  items: [x]\n"));

    [Fact]
    public void Compile_ErrorInsideAMacroUsedTwice_IsReportedOnce()
    {
        var errors = Errors("- macro: m\n  condition: llm.promt exists\n" + RuleWith("m and m"));

        Assert.Equal("rules.yaml:2:14: unknown field 'llm.promt' (did you mean 'llm.prompt'?)", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Compile_UnknownOutputField_PointsIntoTheOutput() =>
        Assert.Equal(
            "rules.yaml:4:26: output: unknown field '%k8s.podd' (did you mean 'k8s.pod'?)",
            Only(RuleWith("llm.prompt exists", "'token sent by %k8s.podd.'")));

    [Fact]
    public void Compile_AppendedConditionWithoutJoiner_IsAnError() =>
        Assert.Equal(
            "rules.yaml:9:14: an appended condition must start with 'and' or 'or', but found 'llm.provider'",
            Only(RuleWith("llm.prompt exists") + "\n- rule: test.rule\n  append: true\n  condition: llm.provider = x\n"));
}
