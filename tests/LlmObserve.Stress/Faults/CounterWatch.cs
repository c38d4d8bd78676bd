using System.Collections.Concurrent;
using System.Text.Json;
using LlmObserve.Testing;
using Npgsql;

namespace LlmObserve.Stress.Faults;

/// <summary>
/// Follows the collector's heartbeat counters as ingest-api stores them (the node row's <c>counters</c>),
/// keeping the last value seen for each collector start, so that counters of a killed collector are
/// not lost when its successor starts from zero.
/// </summary>
public sealed class CounterWatch : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ConcurrentDictionary<DateTimeOffset, IReadOnlyDictionary<string, long>> _byStart = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public CounterWatch(TestDatabase database)
    {
        _database = database;
        _running = Task.Run(PollAsync);
    }

    /// <summary>Each counter summed over every collector start seen.</summary>
    public IReadOnlyDictionary<string, long> Totals()
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counters in _byStart.Values)
        {
            foreach (var (name, value) in counters)
            {
                totals[name] = totals.GetValueOrDefault(name) + value;
            }
        }

        return totals;
    }

    /// <summary>Reads the counters once more now (e.g. after the last heartbeat of a run).</summary>
    public Task RefreshAsync() => ReadAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private Task PollAsync() => Load.Every.RunAsync(TimeSpan.FromSeconds(1), ReadAsync, _stop.Token);

    private async Task ReadAsync()
    {
        try
        {
            await using var command = _database.DataSource.CreateCommand("SELECT started_at, counters::text FROM nodes WHERE started_at IS NOT NULL AND counters IS NOT NULL");
            command.CommandTimeout = 5;
            await using var reader = await command.ExecuteReaderAsync(_stop.Token);
            while (await reader.ReadAsync(_stop.Token))
            {
                var counters = JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(1)) ?? [];
                _byStart[reader.GetFieldValue<DateTimeOffset>(0)] = counters;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The database is being killed or paused on purpose: read again on the next tick.
        }
    }
}
