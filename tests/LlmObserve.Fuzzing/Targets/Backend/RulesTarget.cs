using System.Text;
using LlmObserve.Detection.Engine;
using LlmObserve.Detection.Rules;
using LlmObserve.Fuzzing.Harness;

namespace LlmObserve.Fuzzing.Targets.Backend;

/// <summary>
/// The rule language: YAML (<c>RuleFileParser</c>), items, conditions (<c>ConditionLexer</c>, <c>ConditionParser</c>),
/// exceptions, output templates, regexes (<c>RegexSafety</c>) and binding (<c>ConditionBinder</c>), through
/// <see cref="RuleCompiler.Compile"/> as a tenant's rule file. Its documented rejection is a <see cref="RuleSetResult"/>
/// with errors: the rules API and the worker catch nothing around it, so no exception may escape. Input: the file's text.
/// </summary>
public sealed class RulesTarget : IFuzzTarget
{
    private static readonly DetectorSet Detectors = DetectionEngine.BuiltInDetectors();

    public string Name => "rules";

    public string Parser => "RuleCompiler (RuleFileParser, RuleItemParser, ExceptionParser, ConditionLexer/Parser/Binder, OutputTemplate, RegexSafety, RuleMerger)";

    public IReadOnlyList<byte[]> Dictionary { get; } = [.. new[]
    {
        "- rule: ", "- macro: ", "- list: ", "  condition: ", "  output: ", "  desc: ", "  priority: ", "  severity: ", "  enabled: ", "  tags: ",
        "  exceptions:\n", "    - name: ", "      fields: ", "      comps: ", "      values: ", "  items: ", "  append: true\n", "  override:\n",
        "  examples:\n", "  maturity: ", "  id: ", " and ", " or ", " not ", " in ", " contains ", " icontains ", " startswith ", " endswith ",
        " glob ", " regex ", " pmatch ", " exists", " = ", " != ", " >= ", " < ", "(", ")", "[", "]", "{", "}", "%", "%(", "\"", "'", "\\",
        "prompt", "response", "request.path", "workload.namespace", "detector.injection", "detector.secret", "llm.provider", "\n", ": ", "- ",
        "&a ", "*a", "!!str ", "---\n", "|\n", ">\n", "(?i)", ".*", "(a+)+", "\\p{L}", "[^", "{2,}",
    }.Select(Encoding.UTF8.GetBytes)];

    public int MaxInputLength => 32 * 1024;

    /// <summary>
    /// 32 KiB per input byte and 4 MiB. Building a linear-time (<c>NonBacktracking</c>) regex allocates 0.2–2 MB
    /// (Unicode case folding and word-character sets for <c>(?i)</c> and <c>\b</c>), bounded by the 1000-character
    /// pattern cap, so a rule file costs up to about 7 KB per byte, linear in its size (measured: 20 rules with one
    /// <c>(?i)…\b</c> regex each, 4 KB of YAML, allocate 28 MB). Linear, not unbounded; see the README.
    /// </summary>
    public long AllocationBound(int inputLength) => (32L << 10) * inputLength + (4L << 20);

    public bool IsHandledByCaller(Exception exception) => false;

    /// <summary>The compiler catches only YamlDotNet's and the regex parser's exceptions (all else escapes), so what it catches is by design.</summary>
    public bool IsCaughtByDesign(Exception exception) => true;

    public ulong Run(byte[] input)
    {
        var result = RuleCompiler.Compile([new RuleSource("tenant/fuzz.yaml", Encoding.UTF8.GetString(input))], Detectors);
        var feature = new FeatureHash().Add(result.Succeeded).Add(FeatureHash.Bucket(result.Errors.Count));
        foreach (var error in result.Errors.Take(2))
        {
            feature.AddShape(error.Message, 32);
        }

        if (result.RuleSet is { } set)
        {
            feature.Add(FeatureHash.Bucket(set.Rules.Count)).Add(FeatureHash.Bucket(set.Lists.Count)).Add(FeatureHash.Bucket(set.Macros.Count));
        }

        return feature.Value;
    }
}
