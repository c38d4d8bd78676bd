using LlmObserve.Fuzzing.Harness;
using LlmObserve.Fuzzing.Targets;

namespace LlmObserve.Fuzzing.Tests;

/// <summary>Every input the fuzzer ever found a problem with, replayed against the fixed parsers.</summary>
public sealed class RegressionReplayTests
{
    public static TheoryData<string, string> Regressions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, path) in RegressionStore.All())
        {
            data.Add(target, Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void SavedInput_Replays_WithoutCrashHangOrBlowUp(string target, string file)
    {
        var fuzzTarget = FuzzTargets.Find(target);
        Assert.NotNull(fuzzTarget);
        var input = File.ReadAllBytes(Path.Combine(RegressionStore.SourceDirectory, target, file));

        var outcome = InputRunner.Execute(fuzzTarget, input, TimeSpan.FromSeconds(5));

        Assert.True(outcome.Kind is null, $"{target}/{file}: {outcome.Kind}: {outcome.Detail}");
    }

    [Fact]
    public void RegressionFolder_HoldsOnlyKnownTargets()
    {
        var all = RegressionStore.All();

        Assert.NotEmpty(all);
        Assert.All(all, r => Assert.NotNull(FuzzTargets.Find(r.Target)));
    }
}
