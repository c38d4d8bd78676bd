using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>Every operator, true and false, on the fields of <see cref="RuleTestKit.Subject"/>.</summary>
public sealed class ConditionOperatorTests
{
    [Theory]
    [InlineData("llm.provider = openai", true)]
    [InlineData("llm.provider == openai", true)]
    [InlineData("llm.provider = anthropic", false)]
    [InlineData("llm.provider != anthropic", true)]
    [InlineData("llm.provider != openai", false)]
    [InlineData("llm.provider in (anthropic, openai)", true)]
    [InlineData("llm.provider in (anthropic, 'google')", false)]
    [InlineData("llm.prompt contains ignore", true)]
    [InlineData("llm.prompt contains IGNORE", false)]
    [InlineData("llm.prompt icontains 'IGNORE PREVIOUS'", true)]
    [InlineData("llm.prompt icontains nothing", false)]
    [InlineData("llm.prompt startswith Please", true)]
    [InlineData("llm.prompt startswith please", false)]
    [InlineData("llm.prompt endswith ghp_abc", true)]
    [InlineData("llm.prompt endswith ghp", false)]
    [InlineData("net.host glob '*.openai.com'", true)]
    [InlineData("net.host glob 'api.?penai.*'", true)]
    [InlineData("net.host glob '*.anthropic.com'", false)]
    [InlineData("net.host glob 'api.openai.co'", false)]
    [InlineData("llm.model regex '^gpt-4o'", true)]
    [InlineData("llm.model regex '^claude'", false)]
    [InlineData("llm.prompt regex 'ghp_[a-z]{3}$'", true)]
    [InlineData("llm.response = 'Sure, here it is.'", true)]
    [InlineData("llm.tool_results = file.txt", true)]
    [InlineData("llm.tool_calls contains 'run_shell('", true)]
    [InlineData("llm.finish_reason = stop", true)]
    [InlineData("llm.api = chat_completions", true)]
    [InlineData("k8s.ns = payments and k8s.pod startswith api- and container.id = c0ffee", true)]
    [InlineData("proc.exe endswith /python3 and node.name = node-1", true)]
    public void Evaluate_StringOperators_AreTrueOnlyWhenTheyHold(string condition, bool expected) =>
        Assert.Equal(expected, Rule(condition).Evaluate(Subject()) is not null);

    [Theory]
    [InlineData("llm.tokens.input > 50", true)]
    [InlineData("llm.tokens.input > 100", false)]
    [InlineData("llm.tokens.input >= 100", true)]
    [InlineData("llm.tokens.input < 50", false)]
    [InlineData("llm.tokens.output <= 20", true)]
    [InlineData("llm.tokens.output <= 19.5", false)]
    [InlineData("llm.tokens.total = 120", true)]
    [InlineData("llm.tokens.total != 120", false)]
    [InlineData("llm.tokens.input in (1, 100)", true)]
    [InlineData("llm.tokens.input in (1, 2)", false)]
    [InlineData("llm.latency_ms > 800", true)]
    [InlineData("llm.messages = 3", true)]
    [InlineData("llm.streamed = true", true)]
    [InlineData("llm.streamed != true", false)]
    [InlineData("llm.streamed = false", false)]
    public void Evaluate_NumberAndBoolOperators_CompareValues(string condition, bool expected) =>
        Assert.Equal(expected, Rule(condition).Evaluate(Subject()) is not null);

    [Theory]
    [InlineData("llm.tool_names in (run_shell, exec)", true)]
    [InlineData("llm.tool_names in (exec)", false)]
    [InlineData("llm.tool_names contains shell", true)]
    [InlineData("llm.tool_names = get_weather", false)]
    [InlineData("llm.tools = get_weather", true)]
    [InlineData("llm.tool_names != run_shell", false)]
    [InlineData("llm.tools != exec", true)]
    [InlineData("llm.tools glob 'get_*'", true)]
    [InlineData("llm.tool_names exists", true)]
    public void Evaluate_ListFields_TestAnyElement(string condition, bool expected) =>
        Assert.Equal(expected, Rule(condition).Evaluate(Subject()) is not null);

    [Theory]
    [InlineData("llm.system exists", false)]
    [InlineData("not llm.system exists", true)]
    [InlineData("llm.system = x", false)]
    [InlineData("llm.system != x", false)]
    [InlineData("llm.system contains ''", false)]
    [InlineData("proc.cmdline in (a, b)", false)]
    [InlineData("proc.cmdline regex '.*'", false)]
    [InlineData("llm.prompt exists", true)]
    public void Evaluate_AbsentValue_MakesEveryComparisonFalseButNotExists(string condition, bool expected) =>
        Assert.Equal(expected, Rule(condition).Evaluate(Subject()) is not null);

    [Theory]
    [InlineData("llm.tokens.input > 0")]
    [InlineData("llm.tokens.input < 1000")]
    [InlineData("llm.tokens.total != 5")]
    [InlineData("llm.latency_ms >= 0")]
    [InlineData("llm.tokens.input exists")]
    [InlineData("llm.tool_names != x")]
    [InlineData("llm.tools exists")]
    [InlineData("net.host glob '*'")]
    [InlineData("llm.model in (gpt-4o)")]
    public void Evaluate_AbsentNumbersListsAndContext_AreFalse(string condition) =>
        Assert.Null(Rule(condition).Evaluate(Bare("hello")));

    [Theory]
    [InlineData("llm.provider = openai and llm.model = nope", false)]
    [InlineData("llm.provider = openai or llm.model = nope", true)]
    [InlineData("not llm.provider = openai", false)]
    [InlineData("not (llm.provider = nope or llm.model = nope)", true)]
    [InlineData("llm.provider = nope or llm.model = nope and llm.streamed = true", false)]
    [InlineData("(llm.provider = openai or llm.model = nope) and llm.streamed = true", true)]
    [InlineData("llm.provider = openai or llm.model = nope and llm.streamed = false", true)]
    [InlineData("not not llm.streamed = true", true)]
    public void Evaluate_BooleanOperators_FollowPrecedence(string condition, bool expected) =>
        Assert.Equal(expected, Rule(condition).Evaluate(Subject()) is not null);

    [Fact]
    public void Evaluate_QuotedStrings_KeepSpacesCommasAndEscapedQuotes()
    {
        Assert.NotNull(Rule("llm.response in ('Sure, here it is.', \"other\")").Evaluate(Subject()));
        Assert.NotNull(Rule(@"llm.prompt contains 'don\'t'").Evaluate(Bare("I don't know")));
        Assert.NotNull(Rule(@"llm.prompt regex '\d{3}-\d{4}'").Evaluate(Bare("call 555-1234")));
    }

    [Fact]
    public void Evaluate_Glob_MatchesTheWholeValueWithoutBacktrackingBlowUp()
    {
        var rule = Rule("llm.prompt glob '*a*a*a*a*a*a*a*a*b'");
        var text = new string('a', 200_000);

        Assert.Null(rule.Evaluate(Bare(text)));
        Assert.NotNull(rule.Evaluate(Bare(text + "b")));
        Assert.Null(Rule("llm.prompt glob 'a?c'").Evaluate(Bare("abcd")));
        Assert.NotNull(Rule("llm.prompt glob 'a?c*'").Evaluate(Bare("abcd")));
    }
}
