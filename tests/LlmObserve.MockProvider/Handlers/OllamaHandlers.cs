using LlmObserve.MockProvider.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>
/// <c>POST /api/chat</c> as Ollama answers it: streamed unless the body says <c>"stream": false</c>,
/// as NDJSON (one JSON object a line, the last with <c>done: true</c> and the counters).
/// </summary>
internal static class OllamaHandlers
{
    private const string CreatedAt = "2026-01-01T00:00:00Z";

    public static async Task HandleAsync(HttpContext context, [FromServices] MockProviderOptions options)
    {
        var request = await MockRequest.ReadAsync(context.Request, root => MockRequest.FromMessages(root, streamByDefault: true));
        await LlmResponder.RespondAsync(context, MockApi.OllamaChat, request, options, "application/x-ndjson", StreamAsync);
    }

    public static byte[] CompletionBody(MockCompletion c) => MockJson.Bytes(Done(c, c.Text));

    private static async Task StreamAsync(PieceWriter writer, MockCompletion c, MockRequest request)
    {
        _ = request;
        foreach (var piece in MockReplies.Pieces(c.Text))
        {
            await writer.WriteAsync(MockJson.Text(new
            {
                model = c.Model,
                created_at = CreatedAt,
                message = new { role = "assistant", content = piece },
                done = false,
            }) + "\n");
        }

        await writer.WriteAsync(MockJson.Text(Done(c, "")) + "\n");
    }

    /// <summary>The final object; durations (nanoseconds) are made up but stable, 10 ms a token.</summary>
    private static object Done(MockCompletion c, string content) => new
    {
        model = c.Model,
        created_at = CreatedAt,
        message = new { role = "assistant", content },
        done_reason = "stop",
        done = true,
        total_duration = (c.PromptTokens + c.CompletionTokens) * 10_000_000L + 50_000_000L,
        load_duration = 50_000_000L,
        prompt_eval_count = c.PromptTokens,
        prompt_eval_duration = c.PromptTokens * 10_000_000L,
        eval_count = c.CompletionTokens,
        eval_duration = c.CompletionTokens * 10_000_000L,
    };
}
