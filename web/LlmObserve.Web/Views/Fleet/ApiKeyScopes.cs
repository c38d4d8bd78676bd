using System.Collections.Frozen;
using LlmObserve.Administration;

namespace LlmObserve.Web.Views.Fleet;

/// <summary>The REST API's scopes (<see cref="ApiScopes.All"/>) with what each allows, for the API keys page.</summary>
internal static class ApiKeyScopes
{
    private static readonly FrozenDictionary<string, string> Allows = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ApiScopes.FindingsRead] = "read findings",
        [ApiScopes.ExchangesRead] = "read captured exchanges (prompts and answers)",
        [ApiScopes.RulesWrite] = "change detection rules",
        [ApiScopes.Admin] = "everything above, plus clusters, nodes, API keys and the audit log",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every scope, in the REST API's order, with a short description.</summary>
    public static IReadOnlyList<(string Scope, string Allows)> All { get; } =
        [.. ApiScopes.All.Select(s => (s, Allows.GetValueOrDefault(s, s)))];

    public static bool IsKnown(string scope) => ApiScopes.All.Contains(scope, StringComparer.Ordinal);
}
