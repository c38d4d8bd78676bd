using System.Diagnostics;
using LlmObserve.Stress.Load;
using LlmObserve.Stress.Stack;
using LlmObserve.Testing;

namespace LlmObserve.Stress.Faults;

/// <summary>How long each fault lasts and how much traffic flows: the full profile, or a short one for CI.</summary>
/// <param name="Name">"full" or "ci".</param>
/// <param name="Rate">Steady calls per second.</param>
/// <param name="Gap">Steady traffic between two faults.</param>
/// <param name="PostgresPause">How long PostgreSQL is stopped (SIGSTOP).</param>
/// <param name="NetworkCut">How long the collector is cut off from ingest-api.</param>
/// <param name="SpoolCapBytes">The collector's spool cap for the run.</param>
public sealed record FaultProfile(string Name, double Rate, TimeSpan Gap, TimeSpan PostgresPause, TimeSpan NetworkCut, long SpoolCapBytes)
{
    public static FaultProfile Full { get; } = new("full", 50, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5), 64L << 20);

    public static FaultProfile Ci { get; } = new("ci", 30, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), 8L << 20);

    public static FaultProfile Named(string name) => name switch
    {
        "full" => Full,
        "ci" => Ci,
        _ => throw new ArgumentException($"unknown profile '{name}': full or ci", nameof(name)),
    };
}

/// <summary>What kind of window a phase is, for the account of exchanges that were not stored.</summary>
public enum PhaseKind
{
    /// <summary>Steady traffic, or a fault the backend must absorb without losing anything.</summary>
    Backend,

    /// <summary>The collector is killed: calls made while it is down, or held in its memory, are never shipped.</summary>
    CollectorDown,

    /// <summary>The spool is filled past its cap: what does not fit is dropped and counted.</summary>
    SpoolFill,
}

/// <summary>One fault (or the steady traffic around them) and when it happened.</summary>
public sealed record Phase(string Name, PhaseKind Kind, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The fault-injection run: a steady stream of captured calls while every part is killed with SIGKILL
/// and restarted in turn, PostgreSQL is paused, the collector is cut off from ingest-api, and its spool
/// is filled past its cap; then the account of every call (<see cref="FaultAccount"/>).
/// </summary>
public sealed class FaultSuite(FaultProfile profile, TextWriter log)
{
    /// <summary>A killed collector may have held this much of the most recent traffic in memory (its batch delay, a request in flight).</summary>
    public static readonly TimeSpan CollectorMemory = TimeSpan.FromSeconds(3);

    private readonly List<Phase> _phases = [];

    public async Task<FaultAccount> RunAsync(CancellationToken cancellationToken)
    {
        using var capture = await CaptureLock.AcquireAsync(TimeSpan.FromMinutes(30), log);
        var started = Stopwatch.StartNew();
        await using var system = await SystemUnderTest.StartAsync(new StackOptions(Workers: 2, profile.SpoolCapBytes), log);
        await using var counters = new CounterWatch(system.Database);
        var load = new ExchangeLoad(system.Mock, "fault-" + Guid.NewGuid().ToString("N")[..10], profile.Rate);
        await using (load)
        {
            load.Start();
            await Steady("warm-up", cancellationToken);
            await Fault("kill -9 collector", PhaseKind.CollectorDown, system.KillAndRestartCollectorAsync, cancellationToken);
            await Fault("kill -9 ingest-api", PhaseKind.Backend, system.KillAndRestartIngestAsync, cancellationToken);
            for (var i = 0; i < system.Workers; i++)
            {
                var worker = i;
                await Fault($"kill -9 scanner-worker {worker + 1}", PhaseKind.Backend, () => system.KillAndRestartWorkerAsync(worker), cancellationToken);
            }

            await Fault("kill -9 RabbitMQ", PhaseKind.Backend, system.Broker.KillAndRestartAsync, cancellationToken);
            await Fault("kill -9 PostgreSQL", PhaseKind.Backend, system.Postgres.KillAndRestartAsync, cancellationToken);
            await Fault($"pause PostgreSQL {profile.PostgresPause.TotalSeconds:0} s", PhaseKind.Backend,
                () => HoldAsync(system.Postgres.PauseAsync, system.Postgres.ResumeAsync, profile.PostgresPause, cancellationToken), cancellationToken);
            await Fault($"cut collector from ingest-api {profile.NetworkCut.TotalSeconds:0} s", PhaseKind.Backend,
                () => HoldAsync(system.Network.CutAsync, system.Network.RestoreAsync, profile.NetworkCut, cancellationToken), cancellationToken);
            await Fault("fill the spool past its cap", PhaseKind.SpoolFill, () => FillSpoolAsync(system, load, cancellationToken), cancellationToken);
            await load.StopAsync();
            log.WriteLine("traffic stopped; waiting until everything accepted is stored …");
            await DrainAsync(system, load.RunId, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // a last heartbeat with the final counters
            await counters.RefreshAsync();
            var account = await FaultAccount.BuildAsync(system, load, _phases, counters.Totals(), profile);
            log.WriteLine($"fault-injection run took {started.Elapsed.TotalMinutes:0.0} min");
            return account;
        }

        async Task Steady(string name, CancellationToken ct)
        {
            var start = DateTimeOffset.UtcNow;
            await Task.Delay(profile.Gap, ct);
            _phases.Add(new Phase(name, PhaseKind.Backend, start, DateTimeOffset.UtcNow));
        }

        async Task Fault(string name, PhaseKind kind, Func<Task> fault, CancellationToken ct)
        {
            log.WriteLine($"[{started.Elapsed:mm\\:ss}] {name} …");
            var start = DateTimeOffset.UtcNow;
            await fault();
            _phases.Add(new Phase(name, kind, start, DateTimeOffset.UtcNow));
            log.WriteLine($"[{started.Elapsed:mm\\:ss}] {name}: done after {(DateTimeOffset.UtcNow - start).TotalSeconds:0.0} s");
            await Steady($"after {name}", ct);
        }
    }

    /// <summary>Applies a fault, keeps it for <paramref name="duration"/>, and undoes it even when cancelled.</summary>
    private static async Task HoldAsync(Func<Task> apply, Func<Task> undo, TimeSpan duration, CancellationToken ct)
    {
        await apply();
        try
        {
            await Task.Delay(duration, ct);
        }
        finally
        {
            await undo();
        }
    }

    /// <summary>
    /// Cuts the collector off and sends big calls until the spool has reached its cap and kept refusing
    /// for a few seconds, then restores the link and the normal traffic.
    /// </summary>
    private async Task FillSpoolAsync(SystemUnderTest system, ExchangeLoad load, CancellationToken ct)
    {
        var rate = load.Rate;
        await system.Network.CutAsync();
        try
        {
            load.PaddingChars = 32 * 1024;
            load.Rate = 200;
            // The collector says when its spool refused a batch (it cannot send its counters while cut off).
            var refusedBefore = system.SpoolRefusals();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (system.SpoolRefusals() == refusedBefore)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the spool held {system.SpoolBytes()} of {system.SpoolCapBytes} bytes after 5 minutes and refused nothing");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }

            log.WriteLine($"spool at {system.SpoolBytes() / 1048576.0:0.0} MiB of {system.SpoolCapBytes >> 20} MiB and refusing batches; sending past the cap for 5 s more");
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
        finally
        {
            load.PaddingChars = 0;
            load.Rate = rate;
            await system.Network.RestoreAsync();
        }

        // Until the spool has room again the collector keeps refusing (and counting) new batches: that
        // belongs to this phase, so it ends when the spool is empty.
        var drained = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (system.SpoolBytes() > 0 && DateTime.UtcNow < drained)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <summary>
    /// Waits until the spool is empty, RabbitMQ holds no message (a redelivery waits up to 30 s in the
    /// worker's retry), and the stored count of this run has not moved for 15 s.
    /// </summary>
    private async Task DrainAsync(SystemUnderTest system, string runId, CancellationToken ct)
    {
        var last = -1L;
        var stableSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var stored = await system.StoredCountAsync(runId);
            if (stored != last || system.SpoolBytes() > 0 || await system.Broker.QueuedMessagesAsync() > 0)
            {
                last = stored;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(15))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        log.WriteLine("warning: still storing after 10 minutes; the account counts what is stored now");
    }
}
