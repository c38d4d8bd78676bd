using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Pushes every tenant's findings to its enabled destinations. Each poll lists the enabled
/// destinations of all tenants and starts a delivery run (<see cref="DestinationPump"/>) for each
/// one that has none in progress, at most <see cref="DeliveryOptions.MaxConcurrentDestinations"/>
/// at once: a destination that is slow or down holds up only its own run. Any number of workers
/// can run this; a destination's lease makes one of them deliver it at a time. Errors are logged
/// and retried at the next poll; they never stop the worker.
/// </summary>
public sealed class FindingDispatcher(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<FindingDispatcher> logger)
    : BackgroundService
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly TenantDbContexts _contexts = new(scopes);

    // Owned by ExecuteAsync's loop; a slot's run touches only its own slot.
    private readonly Dictionary<Guid, DestinationSlot> _slots = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var pump = new DestinationPump(dataSource, _contexts, _options, clock, logger);
        using var concurrency = new SemaphoreSlim(_options.MaxConcurrentDestinations);
        using var timer = new PeriodicTimer(_options.PollInterval, clock);
        try
        {
            do
            {
                await PollAsync(pump, concurrency, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await Task.WhenAll(_slots.Values.Select(s => s.Running ?? Task.CompletedTask));
            foreach (var slot in _slots.Values)
            {
                await slot.DisposeAsync();
            }

            _slots.Clear();
        }
    }

    public override void Dispose()
    {
        _contexts.Dispose();
        base.Dispose();
    }

    private async Task PollAsync(DestinationPump pump, SemaphoreSlim concurrency, CancellationToken stoppingToken)
    {
        Dictionary<Guid, Guid> enabled;
        try
        {
            await using var db = _contexts.Create(tenantId: null);
            enabled = await db.Destinations.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.Enabled)
                .ToDictionaryAsync(d => d.Id, d => d.TenantId, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.PollFailed(e);
            return;
        }

        foreach (var (id, tenantId) in enabled)
        {
            if (!_slots.TryGetValue(id, out var slot))
            {
                slot = new DestinationSlot(id, tenantId);
                _slots.Add(id, slot);
            }

            if (slot.Running is null or { IsCompleted: true })
            {
                slot.Running = Task.Run(() => RunAsync(pump, slot, concurrency, stoppingToken), CancellationToken.None);
            }
        }

        // Deleted or disabled: drop the sender (and its connection) once its last run has ended.
        foreach (var slot in _slots.Values.Where(s => !enabled.ContainsKey(s.Id) && s.Running is null or { IsCompleted: true }).ToList())
        {
            _slots.Remove(slot.Id);
            await slot.DisposeAsync();
        }
    }

    /// <summary>Never throws: a failed run is logged and the destination is tried again at the next poll.</summary>
    private async Task RunAsync(DestinationPump pump, DestinationSlot slot, SemaphoreSlim concurrency, CancellationToken stoppingToken)
    {
        try
        {
            await concurrency.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await pump.RunAsync(slot, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the finding in flight is sent again after the restart.
        }
        catch (Exception e)
        {
            logger.DestinationFailed(slot.Id, e);
        }
        finally
        {
            concurrency.Release();
        }
    }
}
