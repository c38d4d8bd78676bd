using System.Text;
using LlmObserve.Detection.Engine;
using LlmObserve.Detection.Rules;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Fuzzing.Tests;

/// <summary>The rule-file bug the fuzzer found: YamlDotNet's node loader throws ArgumentException on some malformed input.</summary>
public sealed class RuleRegressionTests
{
    private static readonly byte[] Input = Convert.FromHexString("2D20000000003A20746F6F6C5FFF697D6B");

    [Fact]
    public void YamlWithNulKey_MakesTheYamlLibraryThrowArgumentException()
    {
        var stream = new YamlStream();

        Assert.ThrowsAny<ArgumentException>(() => stream.Load(new StringReader(Encoding.UTF8.GetString(Input))));
    }

    [Fact]
    public void YamlWithNulKey_IsARuleErrorNotAnException()
    {
        var result = RuleCompiler.Compile([new RuleSource("tenant/x.yaml", Encoding.UTF8.GetString(Input))], DetectionEngine.BuiltInDetectors());

        var error = Assert.Single(result.Errors);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
    }
}
