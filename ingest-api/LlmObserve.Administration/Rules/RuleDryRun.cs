using LlmObserve.Data;
using LlmObserve.Data.Exchanges;
using LlmObserve.Detection.Engine;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Administration.Rules;

/// <summary>
/// Runs submitted rules over the tenant's most recent stored exchanges without storing anything: what a rule
/// would have found, before it is saved. Only the rules the YAML defines are evaluated, enabled or not.
/// </summary>
public sealed class RuleDryRun(LlmObserveDbContext db, TenantRuleService rules)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    public async Task<DryRunResult> RunAsync(DryRunRequest request, CancellationToken cancellationToken)
    {
        var (compiled, defined, errors) = await rules.ValidateAsync(request.Yaml, cancellationToken);
        if (compiled is null)
        {
            return new DryRunResult(0, 0, [], errors);
        }

        var exchanges = db.Exchanges.AsNoTracking();
        if (request.ClusterId is { } cluster)
        {
            exchanges = exchanges.Where(e => e.ClusterId == cluster);
        }

        var recent = await exchanges.OrderByDescending(e => e.CapturedAt).ThenByDescending(e => e.Id)
            .Take(request.Limit ?? DefaultLimit).ToListAsync(cancellationToken);
        var detectors = DetectionEngine.BuiltInDetectors();
        var submitted = defined.Select(id => compiled.Find(id)!).ToList();
        var matches = new List<DryRunMatch>();
        var matched = 0;
        foreach (var exchange in recent)
        {
            var subject = ScanSubject.Of(exchange.ToCaptured(), detectors);
            var found = false;
            foreach (var rule in submitted)
            {
                if (rule.Evaluate(subject) is { } match)
                {
                    var f = DetectionEngine.ToFinding(match);
                    matches.Add(new DryRunMatch(exchange.Id, exchange.CapturedAt, f.RuleId, f.Title, f.Confidence, f.Location, f.Start, f.Length, f.Evidence));
                    found = true;
                }
            }

            matched += found ? 1 : 0;
        }

        return new DryRunResult(recent.Count, matched, matches, []);
    }
}
