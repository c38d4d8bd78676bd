using LlmObserve.Detection.Rules;
using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>Rule regexes: the linear-time engine, and the shapes refused because they backtrack catastrophically elsewhere.</summary>
public sealed class RegexSafetyTests
{
    [Theory]
    [InlineData("(a+)+")]
    [InlineData("(a*)*")]
    [InlineData("(.*a)*")]
    [InlineData(@"(\w+\s?)*")]
    [InlineData("(?:x+x+)+y")]
    [InlineData("(a+){2,10}")]
    [InlineData(@"([a-z]+\.?)+")]
    [InlineData("([^x]+x?)+")]
    [InlineData("((a+b)+b)+")]
    [InlineData(@"(\d+|x)*")]
    [InlineData(@"^(([a-z])+.)+[A-Z]([a-z])+$")]
    public void Compile_NestedRepetition_IsRefused(string pattern)
    {
        Assert.Null(RegexSafety.Compile(pattern, out var error));
        Assert.Equal($"regex '{pattern}' nests a repeated group inside a repetition (catastrophic backtracking); rewrite it without nesting", error);
    }

    [Theory]
    [InlineData("(a|aa)+", "(a|aa)")]
    [InlineData("(?:ab|a)*c", "(?:ab|a)")]
    [InlineData("(?i)(x|X)+", "(x|X)")]
    [InlineData(@"(\d|[0-9a-f])+", @"(\d|[0-9a-f])")]
    [InlineData("(a|)+", "(a|)")]
    public void Compile_RepeatedOverlappingAlternatives_AreRefused(string pattern, string group)
    {
        Assert.Null(RegexSafety.Compile(pattern, out var error));
        Assert.Equal($"regex '{pattern}' repeats '{group}', whose alternatives can match the same text (catastrophic backtracking); make each alternative start with a different character", error);
    }

    [Theory]
    [InlineData("ghp_[A-Za-z0-9]{36}")]
    [InlineData(@"(?:[a-z0-9-]+\.)+[a-z]{2,}")]
    [InlineData(@"[\w.+-]+@(?:[\w-]+\.)+\w+")]
    [InlineData("(foo|bar)+")]
    [InlineData(@"(\w+\s)+")]
    [InlineData("(a+b)+")]
    [InlineData("((a+)b)*")]
    [InlineData(@"(?i)(ignore|disregard)\s+(all\s+)?previous")]
    [InlineData(@"\b(?:sk|pk)_live_[0-9a-zA-Z]{24}\b")]
    [InlineData(@"([^.]+\.)+")]
    [InlineData(@"([a-z-[aeiou]]+\.)+")]
    [InlineData(@"(?<key>AKIA)[A-Z0-9]{16}")]
    [InlineData(@"\p{Lu}{3,}(?#three capitals)")]
    [InlineData("(?:a{2})+")]
    public void Compile_HarmlessPattern_IsAccepted(string pattern)
    {
        Assert.NotNull(RegexSafety.Compile(pattern, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(@"(?<=key=)\w+", "a lookbehind '(?<='")]
    [InlineData(@"(?<!no)\w+", "a lookbehind '(?<!'")]
    [InlineData(@"\w+(?=:)", "a lookahead '(?='")]
    [InlineData(@"\w+(?!:)", "a lookahead '(?!'")]
    [InlineData("(?>a+)b", "an atomic group '(?>'")]
    [InlineData("(?(a)b|c)", "a conditional group '(?('")]
    public void Compile_UnsupportedConstruct_IsNamed(string pattern, string construct)
    {
        Assert.Null(RegexSafety.Compile(pattern, out var error));
        Assert.Equal(
            $"regex '{pattern}' uses {construct}, which the linear-time regex engine does not support; match the text itself, or split the test into two conditions joined by 'and not'",
            error);
    }

    [Theory]
    [InlineData(@"(a)\1")]
    [InlineData(@"(?<x>a)\k<x>")]
    public void Compile_Backreference_IsRefused(string pattern)
    {
        Assert.Null(RegexSafety.Compile(pattern, out var error));
        Assert.Contains("uses a backreference", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TooLongPattern_IsRefused()
    {
        Assert.Null(RegexSafety.Compile(new string('a', 1001), out var error));
        Assert.Equal("regex is 1001 characters long; the limit is 1000", error);
    }

    [Fact]
    public void Compile_InvalidPattern_GivesTheParserMessage()
    {
        Assert.Null(RegexSafety.Compile("[a-", out var error));
        Assert.StartsWith("invalid regex: Invalid pattern '[a-'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RefusedRegexInARule_IsReportedAtTheValue() =>
        Assert.Equal(
            "rules.yaml:3:31: regex '(a+)+' nests a repeated group inside a repetition (catastrophic backtracking); rewrite it without nesting",
            Assert.Single(Errors(RuleWith("llm.prompt regex '(a+)+'"))).ToString());

    [Fact]
    public void Compile_LookbehindInARule_IsReportedClearly() =>
        Assert.Equal(
            @"rules.yaml:3:31: regex '(?<=password=)\S+' uses a lookbehind '(?<=', which the linear-time regex engine does not support; match the text itself, or split the test into two conditions joined by 'and not'",
            Assert.Single(Errors(RuleWith(@"llm.prompt regex '(?<=password=)\S+'"))).ToString());

    [Theory]
    [InlineData("a.*a.*a.*b")]
    [InlineData("(?:a|b)*c")]
    [InlineData(@"(\w+\s)+!")]
    public void Evaluate_AdversarialMegabyte_Returns(string pattern)
    {
        var rule = Rule($"llm.prompt regex '{pattern}'");

        var match = rule.Evaluate(Bare(new string('a', 1 << 20)));

        Assert.Null(match);
    }
}
