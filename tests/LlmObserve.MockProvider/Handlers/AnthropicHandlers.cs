using LlmObserve.MockProvider.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>
/// <c>POST /v1/messages</c> as Anthropic answers it: a <c>message</c>, or the SSE sequence
/// message_start, content_block_start, content_block_delta (text_delta)…, content_block_stop,
/// message_delta, message_stop.
/// </summary>
internal static class AnthropicHandlers
{
    public static async Task HandleAsync(HttpContext context, [FromServices] MockProviderOptions options)
    {
        var request = await MockRequest.ReadAsync(context.Request, root => MockRequest.FromMessages(root));
        context.Response.Headers["request-id"] = "req_" + Guid.NewGuid().ToString("N");
        await LlmResponder.RespondAsync(context, MockApi.AnthropicMessages, request, options, "text/event-stream; charset=utf-8", StreamAsync);
    }

    public static byte[] CompletionBody(MockCompletion c) => MockJson.Bytes(new
    {
        id = "msg_" + c.Id,
        type = "message",
        role = "assistant",
        model = c.Model,
        content = new[] { new { type = "text", text = c.Text } },
        stop_reason = "end_turn",
        stop_sequence = (string?)null,
        usage = Usage(c, c.CompletionTokens),
    });

    private static async Task StreamAsync(PieceWriter writer, MockCompletion c, MockRequest request)
    {
        _ = request;
        var pieces = MockReplies.Pieces(c.Text);

        // The opening events travel with the first token, so the first piece holds real text.
        var first = MockJson.NamedEvent("message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_" + c.Id,
                type = "message",
                role = "assistant",
                model = c.Model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = Usage(c, outputTokens: 1),
            },
        })
            + MockJson.NamedEvent("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } })
            + MockJson.NamedEvent("ping", new { type = "ping" });
        for (var i = 0; i < pieces.Count; i++)
        {
            var delta = MockJson.NamedEvent("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = pieces[i] } });
            await writer.WriteAsync(i == 0 ? first + delta : delta);
        }

        await writer.WriteAsync(
            MockJson.NamedEvent("content_block_stop", new { type = "content_block_stop", index = 0 })
            + MockJson.NamedEvent("message_delta", new
            {
                type = "message_delta",
                delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
                usage = new { output_tokens = c.CompletionTokens },
            })
            + MockJson.NamedEvent("message_stop", new { type = "message_stop" }));
    }

    private static object Usage(MockCompletion c, int outputTokens) => new
    {
        input_tokens = c.PromptTokens,
        cache_creation_input_tokens = 0,
        cache_read_input_tokens = 0,
        output_tokens = outputTokens,
        service_tier = "standard",
    };
}
