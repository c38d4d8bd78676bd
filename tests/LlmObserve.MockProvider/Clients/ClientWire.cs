using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmObserve.MockProvider.Clients;

/// <summary>
/// Raw request bodies and response decoding for clients without an SDK (curl): the same JSON
/// an SDK would send, and the assistant text pulled from a whole body, SSE or NDJSON.
/// </summary>
public static class ClientWire
{
    public static string RequestBody(MockApi api, string model, string prompt, bool stream)
    {
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt });
        var body = api switch
        {
            MockApi.OpenAiResponses => new JsonObject { ["model"] = model, ["input"] = prompt },
            MockApi.AnthropicMessages => new JsonObject { ["model"] = model, ["max_tokens"] = 1024, ["messages"] = messages },
            _ => new JsonObject { ["model"] = model, ["messages"] = messages },
        };
        body["stream"] = stream; // always explicit: Ollama streams when it is absent
        return body.ToJsonString();
    }

    /// <summary>The credential header as the API expects it (Anthropic also wants its version header).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(MockApi api, string apiKey) => api == MockApi.AnthropicMessages
        ? [new("x-api-key", apiKey), new("anthropic-version", "2023-06-01")]
        : [new("Authorization", "Bearer " + apiKey)];

    /// <summary>The assistant text of a non-streamed response body.</summary>
    public static string WholeText(MockApi api, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return api switch
        {
            MockApi.OpenAiChat or MockApi.VllmChat => root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!,
            MockApi.OpenAiResponses => string.Concat(root.GetProperty("output").EnumerateArray()
                .Where(item => item.GetProperty("type").GetString() == "message")
                .SelectMany(item => item.GetProperty("content").EnumerateArray())
                .Select(part => part.GetProperty("text").GetString())),
            MockApi.AnthropicMessages => string.Concat(root.GetProperty("content").EnumerateArray().Select(block => block.GetProperty("text").GetString())),
            _ => root.GetProperty("message").GetProperty("content").GetString()!,
        };
    }

    /// <summary>The assistant text of a streamed body: SSE <c>data:</c> lines, or Ollama's NDJSON.</summary>
    public static string StreamedText(MockApi api, string body)
    {
        var text = new StringBuilder();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            if (api != MockApi.OllamaChat)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }

                line = line["data:".Length..].Trim();
                if (line == "[DONE]")
                {
                    break;
                }
            }

            if (line.Length > 0)
            {
                using var piece = JsonDocument.Parse(line);
                text.Append(PieceText(api, piece.RootElement));
            }
        }

        return text.ToString();
    }

    private static string? PieceText(MockApi api, JsonElement e) => api switch
    {
        MockApi.OpenAiChat or MockApi.VllmChat => string.Concat(e.GetProperty("choices").EnumerateArray()
            .Select(choice => choice.GetProperty("delta").TryGetProperty("content", out var c) ? c.GetString() : null)),
        MockApi.OpenAiResponses => Type(e) == "response.output_text.delta" ? e.GetProperty("delta").GetString() : null,
        MockApi.AnthropicMessages => Type(e) == "content_block_delta" && Type(e.GetProperty("delta")) == "text_delta"
            ? e.GetProperty("delta").GetProperty("text").GetString()
            : null,
        _ => e.GetProperty("message").GetProperty("content").GetString(),
    };

    private static string? Type(JsonElement e) => e.TryGetProperty("type", out var type) ? type.GetString() : null;
}
