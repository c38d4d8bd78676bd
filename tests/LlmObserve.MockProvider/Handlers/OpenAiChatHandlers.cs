using LlmObserve.MockProvider.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>
/// <c>POST /v1/chat/completions</c> as OpenAI answers it (and vLLM, which copies the format):
/// a <c>chat.completion</c>, or <c>chat.completion.chunk</c> SSE events ending in <c>data: [DONE]</c>.
/// </summary>
internal static class OpenAiChatHandlers
{
    private const string Fingerprint = "fp_mock0001";

    public static async Task HandleAsync(HttpContext context, [FromServices] MockProviderOptions options)
    {
        var api = RequestRecorder.ProviderOf(context) == MockProviderServer.Vllm ? MockApi.VllmChat : MockApi.OpenAiChat;
        var request = await MockRequest.ReadAsync(context.Request, root => MockRequest.FromMessages(root));
        await LlmResponder.RespondAsync(context, api, request, options, "text/event-stream; charset=utf-8", StreamAsync);
    }

    public static byte[] CompletionBody(MockCompletion c) => MockJson.Bytes(new
    {
        id = "chatcmpl-" + c.Id,
        @object = "chat.completion",
        created = MockReplies.CreatedUnixSeconds,
        model = c.Model,
        choices = new[]
        {
            new
            {
                index = 0,
                message = new { role = "assistant", content = c.Text, refusal = (string?)null, annotations = Array.Empty<object>() },
                logprobs = (object?)null,
                finish_reason = "stop",
            },
        },
        usage = Usage(c),
        service_tier = "default",
        system_fingerprint = Fingerprint,
    });

    private static async Task StreamAsync(PieceWriter writer, MockCompletion c, MockRequest request)
    {
        var pieces = MockReplies.Pieces(c.Text);
        for (var i = 0; i < pieces.Count; i++)
        {
            // Unlike OpenAI, the first chunk carries the role and the first token together, so
            // the first streamed piece is already a real token.
            object delta = i == 0 ? new { role = "assistant", content = pieces[i] } : new { content = pieces[i] };
            await writer.WriteAsync(MockJson.DataEvent(Chunk(c, [new { index = 0, delta, logprobs = (object?)null, finish_reason = (string?)null }])));
        }

        var end = MockJson.DataEvent(Chunk(c, [new { index = 0, delta = new { }, logprobs = (object?)null, finish_reason = "stop" }]));
        if (request.IncludeUsage)
        {
            end += MockJson.DataEvent(new
            {
                id = "chatcmpl-" + c.Id,
                @object = "chat.completion.chunk",
                created = MockReplies.CreatedUnixSeconds,
                model = c.Model,
                system_fingerprint = Fingerprint,
                choices = Array.Empty<object>(),
                usage = Usage(c),
            });
        }

        await writer.WriteAsync(end + "data: [DONE]\n\n");
    }

    private static object Chunk(MockCompletion c, object[] choices) => new
    {
        id = "chatcmpl-" + c.Id,
        @object = "chat.completion.chunk",
        created = MockReplies.CreatedUnixSeconds,
        model = c.Model,
        system_fingerprint = Fingerprint,
        choices,
    };

    private static object Usage(MockCompletion c) => new
    {
        prompt_tokens = c.PromptTokens,
        completion_tokens = c.CompletionTokens,
        total_tokens = c.TotalTokens,
        prompt_tokens_details = new { cached_tokens = 0, audio_tokens = 0 },
        completion_tokens_details = new { reasoning_tokens = 0, audio_tokens = 0, accepted_prediction_tokens = 0, rejected_prediction_tokens = 0 },
    };
}
