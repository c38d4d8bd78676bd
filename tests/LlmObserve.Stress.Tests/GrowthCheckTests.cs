using LlmObserve.Stress.Soak;

namespace LlmObserve.Stress.Tests;

/// <summary>The soak's verdict on memory: growth that levels off passes, steady growth fails.</summary>
public sealed class GrowthCheckTests
{
    [Fact]
    public void MemoryThatFillsUpEarlyAndThenStays_IsFlat()
    {
        // 30 samples: 100 → 300 MB in the first five minutes (caches, pools), then ±3 MB.
        var samples = Minutes(30, m => m < 5 ? 100 + (m * 40) : 300 + (m % 3) - 1);
        var check = GrowthCheck.Of("ingest-api", samples);
        Assert.True(check.Flat, check.Describe());
    }

    [Fact]
    public void MemoryGrowingOneMegabyteAMinute_IsALeak()
    {
        var samples = Minutes(30, m => 200 + m);
        var check = GrowthCheck.Of("scanner-worker", samples);
        Assert.False(check.Flat, check.Describe());
        Assert.Contains("GROWING", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void APartThatDiedDuringTheRun_IsNotFlat()
    {
        var check = GrowthCheck.Of("scanner-worker-2", Minutes(30, m => m < 20 ? 180 : 0));
        Assert.False(check.Flat, check.Describe());
        Assert.Contains("EXITED", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewSamples_AreNotCalledFlat()
    {
        var check = GrowthCheck.Of("collector", Minutes(4, _ => 100));
        Assert.False(check.Flat, check.Describe());
    }

    private static List<Sample> Minutes(int count, Func<int, double> memory) =>
        [.. Enumerable.Range(1, count).Select(m => new Sample(m, memory(m), 5))];
}
