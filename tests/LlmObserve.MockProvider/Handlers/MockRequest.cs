using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>What the mock needs from an LLM request body: the model, the last user text, whether to stream.</summary>
internal sealed record MockRequest(string Model, string Prompt, bool Stream, bool IncludeUsage)
{
    /// <summary>Parses the body with <paramref name="read"/>; a malformed body becomes a 400.</summary>
    public static async Task<MockRequest> ReadAsync(HttpRequest request, Func<JsonElement, MockRequest> read)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new BadHttpRequestException($"Malformed request body: {e.Message}", e);
        }
    }

    /// <summary>The <c>messages</c> form OpenAI, Anthropic, Ollama and vLLM share.</summary>
    public static MockRequest FromMessages(JsonElement root, bool streamByDefault = false) => new(
        root.GetProperty("model").GetString() ?? "",
        LastUserText(root.GetProperty("messages")),
        root.TryGetProperty("stream", out var stream) ? stream.GetBoolean() : streamByDefault,
        root.TryGetProperty("stream_options", out var options) && options.TryGetProperty("include_usage", out var usage) && usage.GetBoolean());

    /// <summary>The last <c>user</c> item's text; content is a string or an array of text parts.</summary>
    public static string LastUserText(JsonElement items)
    {
        var text = "";
        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("role", out var role) && role.GetString() == "user" && item.TryGetProperty("content", out var content))
            {
                text = ContentText(content);
            }
        }

        return text;
    }

    private static string ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("text", out var value))
            {
                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }
}
