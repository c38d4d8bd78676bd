using System.Text.Json.Nodes;

namespace LlmObserve.Deploy.Tests;

/// <summary>Label selectors (matchLabels and matchExpressions) as the API server evaluates them.</summary>
internal static class KubeSelectors
{
    /// <summary>
    /// Whether <paramref name="selector"/> selects these labels. A missing selector selects nothing; an
    /// empty one (<c>{}</c>) selects everything, as in a NetworkPolicy's podSelector.
    /// </summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject)
        {
            return false;
        }

        foreach (var (key, value) in KubeObjects.Map(selector["matchLabels"]))
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return KubeObjects.Items(selector["matchExpressions"]).All(e => MatchesExpression(e, labels));
    }

    /// <summary>A Service's selector: a plain label map, which selects nothing when empty.</summary>
    public static bool MatchesMap(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        var wanted = KubeObjects.Map(selector);
        return wanted.Count > 0 && wanted.All(p => labels.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));
    }

    private static bool MatchesExpression(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = KubeObjects.Text(expression["key"]) ?? "";
        var values = KubeObjects.Texts(expression["values"]);
        var present = labels.TryGetValue(key, out var actual);
        return KubeObjects.Text(expression["operator"]) switch
        {
            "In" => present && values.Contains(actual!, StringComparer.Ordinal),
            "NotIn" => !present || !values.Contains(actual!, StringComparer.Ordinal),
            "Exists" => present,
            "DoesNotExist" => !present,
            var other => throw new InvalidOperationException($"Unknown selector operator '{other}'."),
        };
    }
}
