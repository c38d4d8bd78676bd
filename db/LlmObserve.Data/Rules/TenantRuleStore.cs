using LlmObserve.Contracts.Findings;
using LlmObserve.Data.Entities;
using Npgsql;

namespace LlmObserve.Data.Rules;

/// <summary>
/// Reads a tenant's rule state for the scanner worker, which acts for many tenants and so has no tenant
/// context for the DbContext filter: every query here takes the tenant id explicitly, from the batch being
/// scanned. (The API writes rules through the tenant-filtered DbContext.)
/// </summary>
public sealed class TenantRuleStore(NpgsqlDataSource dataSource)
{
    /// <summary>Changes when any of the tenant's rules is created, updated or deleted.</summary>
    public async Task<string> StampAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*)::text || '/' || coalesce(sum(version), 0)::text || '/' || coalesce(max(updated_at)::text, '') FROM tenant_rules WHERE tenant_id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<TenantRule>> ReadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT rule_id, yaml, enabled, severity_override, version FROM tenant_rules WHERE tenant_id = $1 ORDER BY rule_id");
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<TenantRule>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new TenantRule
            {
                TenantId = tenantId,
                RuleId = reader.GetString(0),
                Yaml = reader.IsDBNull(1) ? null : reader.GetString(1),
                Enabled = reader.IsDBNull(2) ? null : reader.GetBoolean(2),
                SeverityOverride = reader.IsDBNull(3) ? null : (FindingSeverity)reader.GetInt16(3),
                Version = reader.GetInt32(4),
            });
        }

        return rules;
    }
}
