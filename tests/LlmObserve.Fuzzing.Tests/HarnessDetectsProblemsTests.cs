using LlmObserve.Fuzzing.Harness;

namespace LlmObserve.Fuzzing.Tests;

/// <summary>The checks can fail: a parser that throws, hides an exception, spins or hoards memory is reported, with its input.</summary>
public sealed class HarnessDetectsProblemsTests
{
    private static readonly byte[][] Seeds = ["seed one"u8.ToArray(), "another seed"u8.ToArray()];

    [Fact]
    public void EscapingException_IsACrash()
    {
        var problem = Assert.Single(Fuzz(new ThrowingTarget()).Problems);

        Assert.Equal(ProblemKind.Crash, problem.Kind);
        Assert.Contains("escaped: System.IndexOutOfRangeException", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionSwallowedByACatchAll_IsACrash()
    {
        var problem = Assert.Single(Fuzz(new SwallowingTarget()).Problems);

        Assert.Equal(ProblemKind.Crash, problem.Kind);
        Assert.Contains("swallowed by a catch-all: System.Collections.Generic.KeyNotFoundException", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void InputThatNeverReturns_IsAHang()
    {
        var report = Fuzz(new SpinningTarget(), TimeSpan.FromMilliseconds(200));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(ProblemKind.Hang, problem.Kind);
        Assert.NotEmpty(problem.Input);
    }

    [Fact]
    public void InputThatAllocatesPastTheBound_IsABlowUp()
    {
        var problem = Assert.Single(Fuzz(new AllocatingTarget()).Problems);

        Assert.Equal(ProblemKind.BlowUp, problem.Kind);
        Assert.Contains("allocated", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentedRejections_AreNoProblem()
    {
        var outcome = InputRunner.Execute(new ThrowingTarget(), [0xFF, 1, 2, 3, 4], TimeSpan.FromSeconds(1));

        Assert.Null(outcome.Kind);
    }

    [Fact]
    public void ProblemInput_IsSavedAsARegression()
    {
        var directory = Path.Combine(Path.GetTempPath(), "llmo-fuzz-" + Guid.NewGuid().ToString("N"));
        try
        {
            var report = new Fuzzer(new ThrowingTarget(), new FuzzOptions(1_000, RegressionDirectory: directory)).Run(Seeds);

            var saved = Assert.Single(RegressionStore.All(directory));
            Assert.Equal("broken-throws", saved.Target);
            Assert.Equal(Assert.Single(report.Problems).Input, File.ReadAllBytes(saved.Path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static FuzzReport Fuzz(IFuzzTarget target, TimeSpan? timeLimit = null) =>
        new Fuzzer(target, new FuzzOptions(1_000, TimeLimit: timeLimit)).Run(Seeds);
}
