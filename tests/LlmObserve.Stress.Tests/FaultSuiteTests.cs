using LlmObserve.Stress.Faults;
using LlmObserve.Testing;

namespace LlmObserve.Stress.Tests;

/// <summary>
/// The fault-injection suite's short profile (<see cref="FaultProfile.Ci"/>), on real servers of its own,
/// the real collector and real clients: every part killed and restarted in turn, PostgreSQL paused, the
/// collector cut off and its spool filled; then every call must be accounted for.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryPartKilledPausedOrCutOff_EveryCallIsStoredOnceOrCountedAsDropped()
    {
        using var log = new StringWriter();
        FaultAccount account;
        try
        {
            account = await TestEnvironment.RequireAsync(() => new FaultSuite(FaultProfile.Ci, log).RunAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            output.WriteLine(log.ToString());
        }

        foreach (var line in account.Lines())
        {
            output.WriteLine(line);
        }

        Assert.Equal(0, account.Lost);
        Assert.Equal(0, account.Duplicated);
        Assert.Equal(0, account.StoredWithoutCall);
        Assert.True(account.CountedDrops.GetValueOrDefault("dropped.shipping.spool_full") > 0, "the spool never reached its cap");
        Assert.True(account.DroppedAndCounted > 0, "no call of the spool phase was dropped, so the spool cap was not exercised");
        Assert.Equal(0, account.FailedCalls);
        Assert.True(account.Passed);

        // Traffic flowed through every phase (a stalled client would make every check above trivially true) …
        Assert.All(account.Phases.Where(p => p.Duration >= TimeSpan.FromSeconds(2)),
            p => Assert.True(p.Calls >= FaultProfile.Ci.Rate * p.Duration.TotalSeconds / 2, $"{p.Name}: only {p.Calls} calls in {p.Duration.TotalSeconds:0.0} s"));

        // … and apart from the collector's own kill (and the moments before it) and the spool cap, all of it arrived.
        var beforeCollectorKill = account.Phases.Zip(account.Phases.Skip(1)).Where(p => p.Second.Kind == PhaseKind.CollectorDown).Select(p => p.First).ToHashSet();
        Assert.All(account.Phases.Where(p => p.Kind == PhaseKind.Backend && !beforeCollectorKill.Contains(p)), p => Assert.Equal(p.Calls, p.Stored));
        Assert.True(account.CollectorDown < account.Calls / 5, $"{account.CollectorDown} of {account.Calls} calls missed while the collector restarted");
    }
}
