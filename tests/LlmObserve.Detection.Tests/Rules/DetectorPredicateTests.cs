using LlmObserve.Detection.Engine;
using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary><c>detect.NAME</c> predicates against a fake detector with fixed signals.</summary>
public sealed class DetectorPredicateTests
{
    private static readonly Signal Token = new("secret", "github_token", 0.95, "llm.prompt", 46, 7, "ghp_***");
    private static readonly Signal Weak = new("secret", "generic_password", 0.4, "llm.response", 0, 4, "Sure");

    private static (DetectorSet Set, FakeDetector Secret) Detectors(params Signal[] signals)
    {
        var secret = new FakeDetector("secret", signals);
        return (new DetectorSet([secret]), secret);
    }

    [Theory]
    [InlineData("detect.secret > 0.9", true)]
    [InlineData("detect.secret > 0.95", false)]
    [InlineData("detect.secret >= 0.95", true)]
    [InlineData("detect.secret < 0.5", false)]
    [InlineData("detect.secret in (github_token, aws_key)", true)]
    [InlineData("detect.secret in (aws_key)", false)]
    [InlineData("detect.secret exists", true)]
    [InlineData("not detect.secret exists", false)]
    [InlineData("detect.secret.generic_password > 0.3", true)]
    [InlineData("detect.secret.generic_password > 0.5", false)]
    [InlineData("detect.secret.aws_key exists", false)]
    [InlineData("detect.secret.github_token exists", true)]
    public void Evaluate_DetectorPredicate_ReadsTheSignals(string condition, bool expected)
    {
        var (set, _) = Detectors(Token, Weak);

        Assert.Equal(expected, Rule(condition, set).Evaluate(Subject(set)) is not null);
    }

    [Theory]
    [InlineData("detect.secret < 0.1", true)]
    [InlineData("detect.secret > 0", false)]
    [InlineData("detect.secret exists", false)]
    [InlineData("detect.secret in (github_token)", false)]
    public void Evaluate_NoSignals_ConfidenceIsZero(string condition, bool expected)
    {
        var (set, _) = Detectors();

        Assert.Equal(expected, Rule(condition, set).Evaluate(Subject(set)) is not null);
    }

    [Fact]
    public void Evaluate_DetectorPredicate_GivesTheMostConfidentSatisfyingSignalAsEvidence()
    {
        var (set, _) = Detectors(Weak, Token);

        var all = Rule("detect.secret exists", set).Evaluate(Subject(set))!;
        var weakOnly = Rule("detect.secret in (generic_password)", set).Evaluate(Subject(set))!;

        Assert.Equal((0.95, "llm.prompt", 46, 7, "ghp_***"), (all.Confidence, all.Field, all.Start, all.Length, all.Evidence));
        Assert.Equal((0.4, "llm.response", 0, 4, "Sure"), (weakOnly.Confidence, weakOnly.Field, weakOnly.Start, weakOnly.Length, weakOnly.Evidence));
    }

    [Fact]
    public void Evaluate_AndWithTextTest_PrefersTheDetectorEvidence()
    {
        var (set, _) = Detectors(Token);

        var match = Rule("llm.prompt contains ignore and detect.secret > 0.5", set).Evaluate(Subject(set))!;

        Assert.Equal(("llm.prompt", 46, "ghp_***", 0.95), (match.Field, match.Start, match.Evidence, match.Confidence));
    }

    [Fact]
    public void Evaluate_CheapTestFails_DetectorDoesNotRun()
    {
        var (set, secret) = Detectors(Token);
        var rule = Rule("detect.secret > 0.5 and llm.provider = anthropic", set);

        Assert.Null(rule.Evaluate(Subject(set)));
        Assert.Equal(0, secret.Runs);
    }

    [Fact]
    public void Evaluate_ManyRulesAskingTheSameDetector_RunItOncePerSubject()
    {
        var (set, secret) = Detectors(Token);
        var rules = Compile($"""
            {RuleWith("detect.secret > 0.5")}
            - rule: test.other
              desc: d
              condition: detect.secret in (github_token)
              output: o
              severity: low
              category: secret
            """, set);

        var matches = rules.Evaluate(Subject(set));

        Assert.Equal(2, matches.Count);
        Assert.Equal(1, secret.Runs);
    }

    [Fact]
    public void Compile_DetectorNamedOnlyByTheSet_IsKnown()
    {
        var set = new DetectorSet([new FakeDetector("custom_dlp", new Signal("custom_dlp", "x", 1, null, 0, 0, null))]);

        var match = Rule("detect.custom_dlp exists", set).Evaluate(Subject(set));

        Assert.NotNull(match);
        Assert.Null(match.Field);
    }

    [Fact]
    public void Evaluate_DetectorThrows_RuleDoesNotMatchAndNothingThrows()
    {
        var set = new DetectorSet([new ThrowingDetector()]);
        var rule = Rule("detect.pii exists", set);

        Assert.Null(rule.Evaluate(Subject(set)));
    }

    private sealed class ThrowingDetector : IDetector
    {
        public string Name => DetectorNames.Pii;

        public void Detect(ScanSubject subject, ICollection<Signal> signals) => throw new InvalidOperationException("bug");
    }
}
