using LlmObserve.Administration;
using LlmObserve.Administration.Rules;
using LlmObserve.IngestApi.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>
/// The tenant's detection rules: the built-in pack with the tenant's changes, and custom rules. Reading needs
/// findings:read; validating, dry-running and changing need rules:write. A change is stored only when the
/// tenant's whole rule set still compiles and the rule's own examples pass.
/// </summary>
internal static class RulesApi
{
    public static void MapRulesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/rules").WithTags("Rules")
            .ProducesAuthProblems();

        group.MapGet("/", async (TenantRuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct)))
            .RequireAuthorization(ApiScopes.FindingsRead)
            .WithName("ListRules")
            .WithSummary("List the rules that apply to the tenant")
            .WithDescription("Built-in rules (as shipped or as the tenant changed them) and the tenant's custom rules. Needs scope findings:read.");

        group.MapGet("/{id}", GetAsync)
            .RequireAuthorization(ApiScopes.FindingsRead)
            .WithName("GetRule")
            .WithSummary("One rule, with the YAML the tenant stored for it")
            .WithDescription("Needs scope findings:read. 404 when no rule has this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/validate", ValidateAsync)
            .RequireAuthorization(ApiScopes.RulesWrite)
            .WithName("ValidateRule")
            .WithSummary("Check rule YAML without storing it")
            .WithDescription("Compiles the YAML after the tenant's rules and runs its examples. Errors give line and column in the submitted YAML. Needs scope rules:write.");

        group.MapPost("/dry-run", DryRunAsync)
            .RequireAuthorization(ApiScopes.RulesWrite)
            .WithName("DryRunRule")
            .WithSummary("Run rule YAML over recent stored exchanges without storing anything")
            .WithDescription("Evaluates the rules the YAML defines on the tenant's most recent exchanges (limit 1 to 1000, default 200) and returns what they match. Needs scope rules:write.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("/", CreateAsync)
            .RequireAuthorization(ApiScopes.RulesWrite)
            .WithName("CreateRule")
            .WithSummary("Add a custom rule")
            .WithDescription("The YAML holds one rule item with the lists and macros it needs. 400 with every error (line and column) when it does not compile or its examples fail; 409 when the id exists. Needs scope rules:write.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id}", UpdateAsync)
            .RequireAuthorization(ApiScopes.RulesWrite)
            .WithName("UpdateRule")
            .WithSummary("Enable, disable, change the severity of, or replace a rule")
            .WithDescription("For built-in and custom rules. YAML must define exactly this rule. Send the rule's version as If-Match to avoid overwriting a concurrent change (412 on mismatch). Needs scope rules:write.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        group.MapDelete("/{id}", DeleteAsync)
            .RequireAuthorization(ApiScopes.RulesWrite)
            .WithName("DeleteRule")
            .WithSummary("Delete a custom rule, or return a built-in rule to its shipped state")
            .WithDescription("404 when the tenant has nothing stored for this id. Needs scope rules:write.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<RuleDetail>, ProblemHttpResult>> GetAsync(string id, TenantRuleService rules, CancellationToken ct) =>
        await rules.GetAsync(id, ct) is { } rule ? TypedResults.Ok(rule) : Problems.NotFound($"No rule '{id}'.");

    private static async Task<Ok<RuleValidation>> ValidateAsync(RuleYamlRequest request, TenantRuleService rules, CancellationToken ct)
    {
        var (compiled, defined, errors) = await rules.ValidateAsync(request.Yaml ?? "", ct);
        return TypedResults.Ok(new RuleValidation(compiled is not null, errors, defined));
    }

    private static async Task<Results<Ok<DryRunResult>, ProblemHttpResult>> DryRunAsync(DryRunRequest request, RuleDryRun dryRun, CancellationToken ct)
    {
        if (request.Limit is < 1 or > RuleDryRun.MaxLimit)
        {
            return TypedResults.Problem($"limit must be between 1 and {RuleDryRun.MaxLimit}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        return TypedResults.Ok(await dryRun.RunAsync(request with { Yaml = request.Yaml ?? "" }, ct));
    }

    private static async Task<Results<Created<RuleDetail>, ProblemHttpResult>> CreateAsync(RuleYamlRequest request, TenantRuleService rules, CancellationToken ct)
    {
        var outcome = await rules.CreateAsync(request.Yaml ?? "", ct);
        return outcome.Status == RuleWriteStatus.Created
            ? TypedResults.Created($"/api/v1/rules/{outcome.Rule!.Rule.Id}", outcome.Rule)
            : Problem(outcome);
    }

    private static async Task<Results<Ok<RuleDetail>, ProblemHttpResult>> UpdateAsync(
        string id, RuleUpdateRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, TenantRuleService rules, CancellationToken ct)
    {
        int? version = null;
        if (ifMatch is not null)
        {
            if (!int.TryParse(ifMatch.Trim('"', ' '), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                return TypedResults.Problem("If-Match must be the rule's version number.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
            }

            version = v;
        }

        var outcome = await rules.UpdateAsync(id, request, version, ct);
        return outcome.Status == RuleWriteStatus.Ok ? TypedResults.Ok(outcome.Rule!) : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, TenantRuleService rules, CancellationToken ct) =>
        await rules.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound($"The tenant has no stored rule '{id}'.");

    private static ProblemHttpResult Problem(RuleWriteOutcome outcome) => outcome.Status switch
    {
        RuleWriteStatus.Invalid => TypedResults.Problem(
            string.Join(Environment.NewLine, outcome.Errors!.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Message}")),
            statusCode: StatusCodes.Status400BadRequest, title: "Invalid rule",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["errors"] = outcome.Errors }),
        RuleWriteStatus.NotFound => Problems.NotFound(outcome.Message!),
        RuleWriteStatus.Conflict => Problems.Conflict(outcome.Message!),
        RuleWriteStatus.VersionMismatch => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: "Version mismatch"),
        _ => throw new InvalidOperationException($"not a problem: {outcome.Status}"),
    };
}
