using System.Globalization;
using LlmObserve.Stress.Load;
using LlmObserve.Stress.Stack;
using LlmObserve.Testing.Results;

namespace LlmObserve.Stress.Faults;

/// <summary>
/// Where every call of a fault-injection run ended up: stored exactly once, stored more than once, or
/// not stored — and then why: made while the collector was killed (or held in its memory when it was),
/// dropped by the collector at a named stage and counted, or lost. Lost and duplicated must be zero.
/// </summary>
public sealed record FaultAccount(
    string Profile,
    int Calls,
    int FailedCalls,
    int StoredOnce,
    int Duplicated,
    int CollectorDown,
    IReadOnlyDictionary<string, long> CountedDrops,
    int DroppedAndCounted,
    int Lost,
    IReadOnlyList<PhaseAccount> Phases,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, int> LostByClient,
    int StoredWithoutCall,
    long OtherTraffic)
{
    /// <summary>Collector counters that count whole exchanges, so each one explains a call that was not stored.</summary>
    private static readonly string[] ExchangeDrops = ["dropped.shipping.", "dropped.llm."];

    private const string SpoolFull = "dropped.shipping.spool_full";

    public bool Passed => Lost == 0 && Duplicated == 0 && StoredWithoutCall == 0 && CountedDrops.GetValueOrDefault(SpoolFull) > 0;

    public static async Task<FaultAccount> BuildAsync(SystemUnderTest system, ExchangeLoad load, IReadOnlyList<Phase> phases, IReadOnlyDictionary<string, long> counters, FaultProfile profile)
    {
        var stored = new Dictionary<long, long>();
        await using (var command = system.Database.DataSource.CreateCommand(
            "SELECT (regexp_match(request_body, $1))[1]::bigint, count(*) FROM exchanges WHERE strpos(request_body, $2) > 0 GROUP BY 1"))
        {
            command.Parameters.AddWithValue(load.RunId + "-([0-9]{8})");
            command.Parameters.AddWithValue(load.RunId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        var calls = load.Calls;
        var made = calls.Where(c => c.Succeeded).ToList();
        var known = calls.Select(c => c.Seq).ToHashSet();
        var otherTraffic = await system.Database.CountAsync($"SELECT count(*) FROM exchanges WHERE strpos(request_body, '{load.RunId}') = 0");
        var drops = counters.Where(c => c.Value > 0 && ExchangeDrops.Any(p => c.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        // A full spool drops the newest batches, so its count explains only calls of the spool phase;
        // other exchange drops (none expected) may explain a call of any phase.
        var spoolFull = drops.GetValueOrDefault(SpoolFull);
        var otherDrops = drops.Where(d => d.Key != SpoolFull).Sum(d => d.Value);
        var outcome = new Dictionary<ClientCallRecord, string>();
        foreach (var call in made.OrderBy(c => c.Seq))
        {
            var copies = stored.GetValueOrDefault(call.Seq);
            outcome[call] = copies switch
            {
                1 => "stored",
                > 1 => "duplicated",
                _ when phases.Any(p => p.Kind == PhaseKind.CollectorDown && call.Ended >= p.Start - FaultSuite.CollectorMemory && call.Started <= p.End) => "collector-down",
                _ when phases.Any(p => p.Kind == PhaseKind.SpoolFill && call.Started >= p.Start && call.Started <= p.End) && spoolFull-- > 0 => "dropped",
                _ when otherDrops-- > 0 => "dropped",
                _ => "lost",
            };
        }

        var phaseAccounts = phases.Select(p =>
        {
            var inPhase = outcome.Where(o => o.Key.Started >= p.Start && o.Key.Started < p.End).ToList();
            return new PhaseAccount(p.Name, p.Kind, p.Start, p.End - p.Start, inPhase.Count,
                inPhase.Count(o => o.Value == "stored"), inPhase.Count(o => o.Value is "collector-down" or "dropped"), inPhase.Count(o => o.Value is "lost" or "duplicated"));
        }).ToList();
        // Duplicates are counted over every stored marker, failed calls' included.
        return new FaultAccount(profile.Name, made.Count, calls.Count - made.Count,
            outcome.Values.Count(v => v == "stored"), stored.Count(s => s.Value > 1), outcome.Values.Count(v => v == "collector-down"),
            drops, outcome.Values.Count(v => v == "dropped"), outcome.Values.Count(v => v == "lost"), phaseAccounts,
            counters.Where(c => c.Key.StartsWith("dropped.", StringComparison.Ordinal) && c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
            outcome.Where(o => o.Value == "lost").GroupBy(o => o.Key.Client, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            stored.Keys.Count(seq => !known.Contains(seq)),
            otherTraffic);
    }

    /// <summary>The account as printed: a summary, then each phase.</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            Line($"calls made by the clients (succeeded)      {Calls,8:N0}   (failed calls, not exchanges: {FailedCalls:N0})"),
            Line($"stored exactly once                        {StoredOnce,8:N0}"),
            Line($"stored more than once                      {Duplicated,8:N0}"),
            Line($"not captured: collector killed (kill -9)   {CollectorDown,8:N0}   (made while it was down, or in its memory within {FaultSuite.CollectorMemory.TotalSeconds:0} s before the kill)"),
            Line($"dropped by the collector and counted       {DroppedAndCounted,8:N0}   ({(CountedDrops.Count == 0 ? "no drop counters" : string.Join(", ", CountedDrops.Select(d => $"{d.Key} = {d.Value:N0}")))})"),
            Line($"LOST (not stored, not counted)             {Lost,8:N0}"),
            Line($"stored, but no client made that call       {StoredWithoutCall,8:N0}"),
            Line($"other machine traffic captured and stored  {OtherTraffic,8:N0}   (not this run's clients; their drops share the collector's counters)"),
            Line($"lost, by client: {(LostByClient.Count == 0 ? "none" : string.Join(", ", LostByClient.Select(l => $"{l.Key} {l.Value:N0}")))}"),
            Line($"collector drop counters (all stages, their own units): {(Counters.Count == 0 ? "none" : string.Join(", ", Counters.Select(c => $"{c.Key} = {c.Value:N0}")))}"),
            Line($"spool filled to its cap: {(CountedDrops.GetValueOrDefault(SpoolFull) > 0 ? "yes" : "NO (the spool phase did not reach the cap)")}"),
            "",
            "phase                                          duration   calls   stored  down/dropped  lost/dup",
        };
        lines.AddRange(Phases.Select(p => Line($"{p.Name,-45} {p.Duration.TotalSeconds,7:0.0} s {p.Calls,7:N0} {p.Stored,8:N0} {p.DownOrDropped,13:N0} {p.LostOrDuplicated,9:N0}")));
        return lines;
    }

    public RunResult ToResult(string command) => new(
        "faults",
        $"Fault-injection run ({Profile} profile)",
        command,
        DateTimeOffset.UtcNow,
        RunResult.ThisMachine(),
        Passed,
        Lines(),
        [
            new Figure("exchanges lost by the backend", Lost, "exchanges", "0", Lost == 0, "issue 8"),
            new Figure("exchanges stored more than once", Duplicated, "exchanges", "0", Duplicated == 0, "issue 8"),
            new Figure("calls made", Calls, "calls"),
            new Figure("stored exactly once", StoredOnce, "exchanges"),
            new Figure("not captured: collector killed", CollectorDown, "calls"),
            new Figure("dropped and counted (spool cap)", DroppedAndCounted, "exchanges"),
        ],
        []);

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The calls that started during one phase, and how they ended up.</summary>
public sealed record PhaseAccount(string Name, PhaseKind Kind, DateTimeOffset Start, TimeSpan Duration, int Calls, int Stored, int DownOrDropped, int LostOrDuplicated);
