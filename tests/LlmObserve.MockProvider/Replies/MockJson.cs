using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmObserve.MockProvider.Replies;

/// <summary>How the mock writes JSON: compact, UTF-8 unescaped (as real providers send it).</summary>
internal static class MockJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Bytes(object value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static string Text(object value) => JsonSerializer.Serialize(value, Options);

    /// <summary>An OpenAI chat completions SSE event: <c>data: {json}</c> and a blank line.</summary>
    public static string DataEvent(object value) => $"data: {Text(value)}\n\n";

    /// <summary>A named SSE event, as Anthropic and the OpenAI responses API send them.</summary>
    public static string NamedEvent(string name, object value) => $"event: {name}\ndata: {Text(value)}\n\n";
}
