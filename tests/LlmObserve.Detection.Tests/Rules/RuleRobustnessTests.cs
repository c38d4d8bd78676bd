using System.Diagnostics;
using System.Globalization;
using System.Text;
using LlmObserve.Detection.Engine;
using LlmObserve.Detection.Rules;
using static LlmObserve.Detection.Tests.Rules.RuleTestKit;

namespace LlmObserve.Detection.Tests.Rules;

/// <summary>Evaluation cost, and that neither compiling nor evaluating throws on odd input.</summary>
public sealed class RuleRobustnessTests(ITestOutputHelper output)
{
    private const string Noise = "()[]{}:,-'\"%\n \t#&*!|>x0.";

    /// <summary>Thirty rules that do not match the subject: field tests, text tests, list tests and detector predicates.</summary>
    private static RuleSet ThirtyRules(DetectorSet detectors)
    {
        string[] conditions =
        [
            "llm.provider = anthropic", "llm.model startswith claude", "k8s.ns in (kube-system, monitoring)",
            "llm.tokens.total > 100000", "llm.streamed = false", "net.host glob '*.mistral.ai'",
            "llm.prompt contains 'BEGIN RSA PRIVATE KEY'", "llm.prompt icontains 'do anything now'", "llm.response regex 'AKIA[0-9A-Z]{16}'",
            "llm.tool_names in (exec, delete_file)", "llm.tools contains sql", "proc.exe endswith /curl",
            "detect.secret > 0.99", "detect.pii in (ssn, iban)", "detect.injection > 0.8 and llm.provider = openai",
            "llm.provider = openai and detect.jailbreak exists", "not llm.prompt exists", "llm.latency_ms > 60000",
            "llm.system contains 'confidential'", "detect.secret.aws_key exists", "container.id = deadbeef",
            "llm.tool_calls contains 'rm -rf'", "llm.finish_reason = length and llm.tokens.output > 4000", "k8s.pod startswith debug-",
            "(llm.provider = openai or llm.provider = azure) and detect.exfiltration > 0.5", "llm.messages > 100", "node.name = gpu-7",
            "llm.api = embeddings", "llm.tool_results icontains 'ignore previous'", "detect.secret < 0.5 and llm.model = gpt-3.5",
        ];
        var yaml = new StringBuilder();
        for (var i = 0; i < conditions.Length; i++)
        {
            yaml.Append(RuleWith($"\"{conditions[i]}\"").Replace("test.rule", $"test.rule{i}", StringComparison.Ordinal)).Append('\n');
        }

        return Compile(yaml.ToString(), detectors);
    }

    private static DetectorSet FakeDetectors() => new([
        new FakeDetector(DetectorNames.Secret, new Signal(DetectorNames.Secret, "github_token", 0.9, TextFields.Prompt, 0, 6, "Please")),
        new FakeDetector(DetectorNames.Pii), new FakeDetector(DetectorNames.Injection, new Signal(DetectorNames.Injection, "ignore", 0.6, TextFields.Prompt, 7, 6, "ignore")),
        new FakeDetector(DetectorNames.Jailbreak), new FakeDetector(DetectorNames.Exfiltration),
    ]);

    [Fact]
    public void Evaluate_ThirtyRulesNoMatch_AllocateNothingAndTakeMicroseconds()
    {
        var detectors = FakeDetectors();
        var rules = ThirtyRules(detectors);
        var subject = Subject(detectors);
        Assert.Empty(rules.Evaluate(subject)); // warm: detectors run once per subject, texts are cached

        const int runs = 20_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
        {
            rules.Evaluate(subject);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var microseconds = elapsed.TotalMicroseconds / runs;
        output.WriteLine($"30 rules: {microseconds:0.00} µs per subject, {allocated} bytes allocated in {runs} runs");

        Assert.Equal(0, allocated);
        Assert.True(microseconds < 100, $"{microseconds} µs per evaluation of 30 rules");
    }

    [Fact]
    public void Evaluate_FreshSubjects_RunEachDetectorAtMostOnce()
    {
        var secret = new FakeDetector(DetectorNames.Secret);
        var rules = ThirtyRules(new DetectorSet([secret]));

        for (var i = 0; i < 10; i++)
        {
            rules.Evaluate(Subject(new DetectorSet([secret])));
        }

        Assert.Equal(10, secret.Runs);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("\0\0\0", false)]
    [InlineData("\ud800 lone surrogate \udfff", false)]
    public void Evaluate_OddText_DoesNotThrow(string text, bool promptAbsent)
    {
        var rules = ThirtyRules(FakeDetectors());

        var matches = rules.Evaluate(Bare(text, FakeDetectors()));

        Assert.Equal(promptAbsent, matches.Any(m => m.Rule.Id == "test.rule16"));
    }

    [Fact]
    public void Evaluate_EachOfThirtyRules_AllocatesNothingWhenItDoesNotMatch()
    {
        var detectors = FakeDetectors();
        var subject = Subject(detectors);
        foreach (var rule in ThirtyRules(detectors).Rules)
        {
            rule.Evaluate(subject);
            var before = GC.GetAllocatedBytesForCurrentThread();
            rule.Evaluate(subject);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() == before, $"{rule.Condition} allocates");
        }
    }

    [Fact]
    public void Compile_MangledFiles_NeverThrow()
    {
        var valid = """
            - list: l
              items: [a, "b c"]
            - macro: m
              condition: (llm.prompt contains x or llm.tool_names in (l)) and detect.secret > 0.5
            - rule: a.b
              desc: d
              condition: m and not llm.system exists
              output: "%llm.provider %k8s.pod"
              severity: high
              category: secret
              exceptions: [{name: e, fields: [k8s.ns], values: [[x]]}]
              examples: {positive: [x], negative: [{prompt: y, tool_calls: [{name: n}]}]}
            """;
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var chars = valid.ToCharArray();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = Noise[random.Next(Noise.Length)];
            }

            var mangled = new string(chars, 0, random.Next(chars.Length / 2, chars.Length));
            var result = RuleCompiler.Compile([new RuleSource("mangled.yaml", mangled)], NoDetectors);

            Assert.True(result.RuleSet is not null || result.Errors.Count > 0);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
        }
    }

    [Fact]
    public void Compile_DeepParentheses_AreRefusedNotOverflowed()
    {
        var condition = new string('(', 5000) + "llm.prompt exists" + new string(')', 5000);

        var error = Assert.Single(Errors(RuleWith(condition)));

        Assert.Equal("rules.yaml:3:64: the condition nests parentheses and 'not' more than 50 deep", error.ToString());
    }

    [Fact]
    public void Compile_DeepMacroChain_IsRefusedNotOverflowed()
    {
        var yaml = new StringBuilder("- macro: m0\n  condition: llm.prompt exists\n");
        for (var i = 1; i <= 5000; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"- macro: m{i}\n  condition: not m{i - 1}\n");
        }

        var errors = Errors(yaml.ToString());

        Assert.Contains(errors, e => e.Message == "the condition nests more than 200 levels deep, macros expanded");
    }

    [Fact]
    public void Compile_DeepYamlAndListChains_AreRefused()
    {
        var lists = new StringBuilder();
        for (var i = 100; i >= 1; i--)
        {
            lists.Append(CultureInfo.InvariantCulture, $"- list: l{i}\n  items: [l{i - 1}]\n");
        }

        lists.Append("- list: l0\n  items: [a]\n");

        Assert.StartsWith("rules.yaml:1:", Assert.Single(Errors(new string('[', 100_000))).ToString(), StringComparison.Ordinal);
        Assert.Contains("YAML nests lists and mappings more than 32 deep", Assert.Single(Errors(new string('[', 100_000))).Message, StringComparison.Ordinal);
        Assert.Contains(Errors(lists.ToString()), e => e.Message == "lists include lists more than 32 deep");
    }
}
