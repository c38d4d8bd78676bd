using System.Collections.Concurrent;
using LlmObserve.Data.Rules;
using LlmObserve.Detection.Engine;

namespace LlmObserve.ScannerWorker;

/// <summary>
/// One detection engine per tenant: the built-in pack with the tenant's rule state applied. An engine is
/// rebuilt when the tenant's rules change (checked at most every <see cref="RefreshInterval"/>), keeping
/// its detectors, so per-workload baselines survive a rule edit. A tenant whose stored rules stopped compiling
/// (they are validated on write, so only after an upgrade changed the language) keeps its last good engine,
/// or falls back to the built-in pack, and the error is logged.
/// </summary>
public sealed partial class TenantEngines(TenantRuleStore store, TimeProvider time, ILogger<TenantEngines> logger) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Entry> _engines = new();
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async ValueTask<DetectionEngine> ForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_engines.TryGetValue(tenantId, out var entry) && now - entry.CheckedAt < RefreshInterval)
        {
            return entry.Engine;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_engines.TryGetValue(tenantId, out entry) && now - entry.CheckedAt < RefreshInterval)
            {
                return entry.Engine;
            }

            var stamp = await store.StampAsync(tenantId, cancellationToken);
            if (entry is not null && entry.Stamp == stamp)
            {
                _engines[tenantId] = entry with { CheckedAt = now };
                return entry.Engine;
            }

            var states = await store.ReadAsync(tenantId, cancellationToken);
            var detectors = entry?.Engine.Detectors ?? DetectionEngine.BuiltInDetectors();
            var result = TenantRules.Compile(detectors, states.Select(r => new TenantRuleState(r.RuleId, r.Yaml, r.Enabled, r.SeverityOverride)));
            DetectionEngine engine;
            if (result.RuleSet is { } rules)
            {
                engine = new DetectionEngine(detectors, rules);
            }
            else
            {
                LogRulesBroken(logger, tenantId, string.Join("; ", result.Errors));
                engine = entry?.Engine ?? new DetectionEngine(detectors, TenantRules.Compile(detectors, []).RuleSet!);
            }

            _engines[tenantId] = new Entry(engine, stamp, now);
            return engine;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private sealed record Entry(DetectionEngine Engine, string Stamp, DateTimeOffset CheckedAt);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Tenant {TenantId}: stored rules do not compile, scanning with the previous rules: {Errors}")]
    private static partial void LogRulesBroken(ILogger logger, Guid tenantId, string errors);
}
