using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// Kubernetes objects of a multi-document YAML stream as canonical JSON trees: mapping keys sorted, every
/// scalar as its text (null for YAML's null), so two renderings of the same objects compare equal
/// whatever their layout, quoting or key order.
/// </summary>
internal static class KubeObjects
{
    /// <summary>
    /// Every document that is a mapping. With <paramref name="values"/>, a scalar that is a mapping VALUE or a
    /// sequence item (never a key) and equals a key of it is replaced by its value, as ingest-api fills placeholders.
    /// </summary>
    public static List<JsonObject> Parse(string yaml, IReadOnlyDictionary<string, string>? values = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var replace = values ?? new Dictionary<string, string>(StringComparer.Ordinal);
        return [.. stream.Documents.Select(d => ToJson(d.RootNode, replace)).OfType<JsonObject>()];
    }

    /// <summary>kind/namespace/name: what identifies an object in a cluster.</summary>
    public static string Id(JsonObject item) =>
        $"{Text(item["kind"])}/{Text(item["metadata"]?["namespace"])}/{Text(item["metadata"]?["name"])}";

    public static string Kind(JsonObject item) => Text(item["kind"]) ?? "";

    public static string Name(JsonObject item) => Text(item["metadata"]?["name"]) ?? "";

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> items, string kind) =>
        items.Where(i => string.Equals(Kind(i), kind, StringComparison.Ordinal));

    /// <summary>A scalar's text; null for a missing node, YAML null, or a mapping or sequence.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The objects of a sequence (empty when missing).</summary>
    public static IEnumerable<JsonObject> Items(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>The scalars of a sequence (empty when missing).</summary>
    public static List<string> Texts(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];

    /// <summary>The string pairs of a mapping such as labels (empty when missing).</summary>
    public static Dictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => Text(p.Value) is not null).ToDictionary(p => p.Key, p => Text(p.Value)!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static bool IsTrue(JsonNode? node) => string.Equals(Text(node), "true", StringComparison.Ordinal);

    private static JsonNode? ToJson(YamlNode node, IReadOnlyDictionary<string, string> values) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlScalarNode scalar => JsonValue.Create(values.GetValueOrDefault(scalar.Value!, scalar.Value!)),
        YamlMappingNode mapping => new JsonObject(mapping.Children
            .Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", ToJson(p.Value, values)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(c => ToJson(c, values))]),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType} at {node.Start}."),
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
