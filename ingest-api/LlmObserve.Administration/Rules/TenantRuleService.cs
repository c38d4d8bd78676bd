using LlmObserve.Administration.Audit;
using LlmObserve.Data;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Tenancy;
using LlmObserve.Detection.Engine;
using LlmObserve.Detection.Rules;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Rules;

/// <summary>What a rule write came to; the host turns it into a status code or a message.</summary>
public enum RuleWriteStatus
{
    Ok,
    Created,
    Invalid,
    NotFound,
    Conflict,
    VersionMismatch,
}

/// <summary>A rule write's status, with the rule as stored (on success), the errors in its YAML (invalid) or a message (otherwise).</summary>
public sealed record RuleWriteOutcome(RuleWriteStatus Status, RuleDetail? Rule = null, IReadOnlyList<RuleErrorItem>? Errors = null, string? Message = null);

/// <summary>
/// The caller's tenant's rules: read through the tenant-filtered DbContext, compiled the way the scanner worker
/// compiles them (<see cref="TenantRules"/>), and never stored unless the whole set still compiles with the
/// change — a rule that does not compile never reaches a worker.
/// </summary>
public sealed class TenantRuleService(LlmObserveDbContext db, ITenantContext tenant, AuditLog audit, TimeProvider time)
{
    /// <summary>The name errors in submitted YAML are reported against.</summary>
    public const string SubmittedFile = "rule.yaml";

    public async Task<IReadOnlyList<RuleItem>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken);
        return [.. Effective(rows).Rules.Select(r => ItemOf(r, rows.GetValueOrDefault(r.Id)))];
    }

    public async Task<RuleDetail?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken);
        var rule = Effective(rows).Find(id);
        return rule is null ? null : DetailOf(rule, rows.GetValueOrDefault(id));
    }

    /// <summary>Compiles the YAML after the tenant's rules; the ids it defines, or the errors.</summary>
    public async Task<(RuleSet? Rules, IReadOnlyList<string> Defined, IReadOnlyList<RuleErrorItem> Errors)> ValidateAsync(string yaml, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken);
        return Validate(rows, yaml);
    }

    public async Task<RuleWriteOutcome> CreateAsync(string yaml, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken);
        var (rules, defined, errors) = Validate(rows, yaml);
        if (rules is null)
        {
            return new RuleWriteOutcome(RuleWriteStatus.Invalid, Errors: errors);
        }

        if (defined.Count != 1)
        {
            return Invalid($"The YAML must define exactly one rule (it defines {defined.Count}); lists and macros may come with it.");
        }

        var id = defined[0];
        if (rows.ContainsKey(id) || BuiltIn.Value.Find(id) is not null)
        {
            return new RuleWriteOutcome(RuleWriteStatus.Conflict, Message: $"A rule '{id}' already exists; change it with PUT /api/v1/rules/{id}.");
        }

        var now = time.GetUtcNow();
        var row = new TenantRule { TenantId = TenantId, RuleId = id, Yaml = yaml, CreatedAt = now, UpdatedAt = now };
        db.TenantRules.Add(row);
        audit.Record("rule.create", "rule", id);
        if (!await TrySaveAsync(cancellationToken))
        {
            return new RuleWriteOutcome(RuleWriteStatus.Conflict, Message: $"A rule '{id}' was created at the same time; change it with PUT /api/v1/rules/{id}.");
        }

        rows[id] = row;
        return new RuleWriteOutcome(RuleWriteStatus.Created, DetailOf(Effective(rows).Find(id)!, row));
    }

    public async Task<RuleWriteOutcome> UpdateAsync(string id, RuleUpdateRequest update, int? ifMatch, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken);
        if (Effective(rows).Find(id) is null)
        {
            return new RuleWriteOutcome(RuleWriteStatus.NotFound, Message: $"No rule '{id}'.");
        }

        var row = rows.GetValueOrDefault(id);
        if (ifMatch is { } expected && expected != (row?.Version ?? 0))
        {
            return new RuleWriteOutcome(RuleWriteStatus.VersionMismatch, Message: $"Rule '{id}' is at version {row?.Version ?? 0}, not {expected}: reload it and retry.");
        }

        var isNew = row is null;
        row ??= new TenantRule { TenantId = TenantId, RuleId = id, CreatedAt = time.GetUtcNow(), Version = 0 };
        if (update.Yaml is { } yaml)
        {
            var others = new Dictionary<string, TenantRule>(rows, StringComparer.Ordinal);
            others.Remove(id);
            var (checkedRules, defined, errors) = Validate(others, yaml);
            if (checkedRules is null)
            {
                return new RuleWriteOutcome(RuleWriteStatus.Invalid, Errors: errors);
            }

            if (defined.Count != 1 || defined[0] != id)
            {
                return Invalid($"The YAML must define exactly the rule '{id}' (it defines {(defined.Count == 0 ? "none" : string.Join(", ", defined))}).");
            }

            row.Yaml = yaml;
        }

        row.Enabled = update.Enabled ?? row.Enabled;
        row.SeverityOverride = update.Severity ?? row.SeverityOverride;
        row.Version++;
        row.UpdatedAt = time.GetUtcNow();
        rows[id] = row;
        var after = Compile(rows, null);
        if (after.RuleSet is not { } changed)
        {
            return new RuleWriteOutcome(RuleWriteStatus.Invalid, Errors: ToItems(after.Errors));
        }

        if (isNew)
        {
            db.TenantRules.Add(row);
        }

        audit.Record("rule.update", "rule", id, AuditLog.Details(
            ("enabled", update.Enabled?.ToString()), ("severity", update.Severity?.ToString()), ("yaml", update.Yaml is null ? null : "replaced"),
            ("version", row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (!await TrySaveAsync(cancellationToken))
        {
            return new RuleWriteOutcome(RuleWriteStatus.VersionMismatch, Message: $"Rule '{id}' was changed at the same time: reload it and retry.");
        }

        return new RuleWriteOutcome(RuleWriteStatus.Ok, DetailOf(changed.Find(id)!, row));
    }

    /// <summary>Deletes a custom rule, or returns a built-in one to its shipped state. False when the tenant has nothing stored for it.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var row = await db.TenantRules.FirstOrDefaultAsync(r => r.RuleId == id, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.TenantRules.Remove(row);
        await audit.SaveAsync("rule.delete", "rule", id, null, cancellationToken);
        return true;
    }

    /// <summary>False when another request changed or created the same rule first (version check, primary key).</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
    }

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("rules are only reachable for an authenticated tenant");

    private async Task<Dictionary<string, TenantRule>> LoadAsync(CancellationToken cancellationToken) =>
        await db.TenantRules.ToDictionaryAsync(r => r.RuleId, StringComparer.Ordinal, cancellationToken);

    private static RuleSetResult Compile(IReadOnlyDictionary<string, TenantRule> rows, RuleSource? extra, DetectorSet? detectors = null) =>
        TenantRules.Compile(detectors ?? DetectionEngine.BuiltInDetectors(), rows.Values.Select(StateOf), extra is null ? null : [extra]);

    /// <summary>The tenant's rules as they apply; the built-in pack alone if the stored ones stopped compiling after an upgrade.</summary>
    private static RuleSet Effective(IReadOnlyDictionary<string, TenantRule> rows) => Compile(rows, null).RuleSet ?? BuiltIn.Value;

    internal static (RuleSet? Rules, IReadOnlyList<string> Defined, IReadOnlyList<RuleErrorItem> Errors) Validate(IReadOnlyDictionary<string, TenantRule> rows, string yaml)
    {
        var detectors = DetectionEngine.BuiltInDetectors();
        var result = Compile(rows, new RuleSource(SubmittedFile, yaml), detectors);
        if (result.RuleSet is not { } rules)
        {
            return (null, [], ToItems(result.Errors));
        }

        var defined = rules.Rules.Where(r => r.SourceFile == SubmittedFile).ToList();
        var exampleErrors = rules.CheckExamples(detectors).Where(e => e.File == SubmittedFile).ToList();
        return exampleErrors.Count > 0
            ? (null, [.. defined.Select(r => r.Id)], ToItems(exampleErrors))
            : (rules, [.. defined.Select(r => r.Id)], []);
    }

    private static RuleWriteOutcome Invalid(string message) =>
        new(RuleWriteStatus.Invalid, Errors: [new RuleErrorItem(SubmittedFile, 1, 1, message)]);

    private static TenantRuleState StateOf(TenantRule r) => new(r.RuleId, r.Yaml, r.Enabled, r.SeverityOverride);

    internal static IReadOnlyList<RuleErrorItem> ToItems(IEnumerable<RuleError> errors) =>
        [.. errors.Select(e => new RuleErrorItem(e.File, e.Line, e.Column, e.Message))];

    private static RuleItem ItemOf(CompiledRule rule, TenantRule? row) => new(
        rule.Id, rule.Description, rule.Category, rule.Severity, rule.Tags, rule.Enabled,
        row is null ? "builtin" : IsBuiltIn(rule.Id) ? "builtin_modified" : "custom",
        rule.Condition, row?.Version ?? 0);

    private static RuleDetail DetailOf(CompiledRule rule, TenantRule? row) =>
        new(ItemOf(rule, row), row?.Yaml, rule.SourceFile, rule.Line);

    private static bool IsBuiltIn(string id) => BuiltIn.Value.Find(id) is not null;

    /// <summary>The built-in pack alone.</summary>
    private static readonly Lazy<RuleSet> BuiltIn = new(() => TenantRules.Compile(DetectionEngine.BuiltInDetectors(), []).RuleSet!);
}
