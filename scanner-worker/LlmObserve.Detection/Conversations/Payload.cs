using System.Text;
using System.Text.Json;

namespace LlmObserve.Detection.Conversations;

/// <summary>Reading helpers shared by the provider formats: stream framing and lenient JSON access.</summary>
internal static class Payload
{
    /// <summary>
    /// The JSON payloads of a server-sent event stream, with their event names (RFC 8895 framing: events end at a
    /// blank line, <c>data:</c> lines join with a newline). <c>[DONE]</c> markers are left out.
    /// </summary>
    public static IEnumerable<(string? Event, string Data)> ServerSentEvents(string body)
    {
        string? name = null;
        var data = new StringBuilder();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (data.Length > 0 && data.ToString() is var text && text != "[DONE]")
                {
                    yield return (name, text);
                }

                name = null;
                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(data.Length > 0 ? "\n" : string.Empty).Append(line.AsSpan(5).TrimStart(' '));
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
        }

        if (data.Length > 0 && data.ToString() is var last && last != "[DONE]")
        {
            yield return (name, last); // a stream cut before its final blank line
        }
    }

    /// <summary>The non-empty lines of a newline-delimited JSON stream.</summary>
    public static IEnumerable<string> JsonLines(string body) =>
        body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Long(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static JsonElement Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>The items of an array member, or none.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>A JSON value as text for tool arguments and schemas: strings as they are, anything else as raw JSON.</summary>
    public static string? Raw(this JsonElement element, string name) => element.Prop(name) switch
    {
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        var other => other.GetRawText(),
    };

    /// <summary>
    /// Text of a content value that is either a string or a list of parts (<c>{"type":"text","text":…}</c> and the
    /// like); parts of other types (images, audio) are skipped.
    /// </summary>
    public static string Text(JsonElement content, params string[] textTypes)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var parts = content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.String || textTypes.Contains(p.Str("type") ?? "text", StringComparer.Ordinal))
            .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : p.Str("text"))
            .Where(t => t is not null);
        return string.Join("\n", parts);
    }
}
