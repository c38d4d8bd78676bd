using LlmObserve.Fuzzing.Harness;
using LlmObserve.Fuzzing.Targets;

namespace LlmObserve.Fuzzing.Tests;

/// <summary>Each parser, fuzzed for a short budget with the fixed seed: no problem, and the corpus grows.</summary>
public sealed class ShortFuzzTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_ShortRun_FindsNoProblem(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var seeds = CorpusStore.Seeds(name);

        var report = new Fuzzer(target, new FuzzOptions(20_000, TimeSpan.FromSeconds(3))).Run(seeds);

        Assert.NotEmpty(seeds);
        Assert.True(report.Problems.Count == 0, string.Join("\n", report.Problems.Select(p => $"{p.Kind}: {p.Detail}")));
        Assert.True(report.Inputs > seeds.Count, $"only {report.Inputs} inputs ran");
        Assert.True(report.CorpusSize > seeds.Count, "no mutated input produced a new outcome");
    }

    [Fact]
    public void SameSeedAndBudget_GiveTheSameRun()
    {
        var target = FuzzTargets.Find("sse-ndjson")!;
        var seeds = CorpusStore.Seeds(target.Name);

        var first = new Fuzzer(target, new FuzzOptions(3_000, Seed: 7)).Run(seeds);
        var second = new Fuzzer(target, new FuzzOptions(3_000, Seed: 7)).Run(seeds);
        var other = new Fuzzer(target, new FuzzOptions(3_000, Seed: 8)).Run(seeds);

        Assert.Equal(3_000, first.Inputs);
        Assert.Equal((first.CorpusSize, first.Features), (second.CorpusSize, second.Features));
        Assert.NotEqual((first.CorpusSize, first.Features), (other.CorpusSize, other.Features));
    }
}
