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
        Assert.True(account.CountedDrops.GetValueOrDefault("dropped.shipping.spool_full") > 0, "the spool never reached its cap");
        Assert.True(account.DroppedAndCounted > 0, "no call of the spool phase was dropped, so the spool cap was not exercised");
        Assert.Equal(0, account.FailedCalls);

        // Apart from the collector's own kill and the spool cap, everything arrives.
        Assert.Equal(account.Calls, account.StoredOnce + account.CollectorDown + account.DroppedAndCounted);
        Assert.True(account.CollectorDown < account.Calls / 10, $"{account.CollectorDown} of {account.Calls} calls missed while the collector restarted");
        Assert.All(account.Phases.Where(p => !p.Name.Contains("collector", StringComparison.Ordinal) && !p.Name.Contains("spool", StringComparison.Ordinal)),
            p => Assert.Equal(p.Calls, p.Stored));
    }
}
