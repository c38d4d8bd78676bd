using LlmObserve.MockProvider.Replies;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>Streams a piece-by-piece body through a <see cref="PieceWriter"/>.</summary>
internal delegate Task StreamBody(PieceWriter writer, MockCompletion completion, MockRequest request);

/// <summary>The part every LLM handler shares: pick the answer, then stream it or send it whole.</summary>
internal static class LlmResponder
{
    public static async Task RespondAsync(HttpContext context, MockApi api, MockRequest request, MockProviderOptions options, string streamContentType, StreamBody stream)
    {
        var mode = ResponseMode.From(context.Request);
        // A few tokens more than the text, for the chat template around it, as real counts have.
        var promptTokens = MockReplies.CountTokens(request.Prompt) + 7;
        if (request.Stream)
        {
            var streamed = new MockCompletion(request.Model, MockReplies.ReplyTo(request.Prompt), promptTokens);
            await using var writer = PieceWriter.Start(context, mode, streamContentType, options.StreamPieceDelay);
            await stream(writer, streamed, request);
            return;
        }

        var completion = mode.ResponseBytes is { } bytes
            ? new MockCompletion(request.Model, MockReplies.LargeContent(bytes), MockReplies.LargePromptTokens)
            : new MockCompletion(request.Model, MockReplies.ReplyTo(request.Prompt), promptTokens);
        await ResponseWriter.WriteAsync(context, mode, "application/json", MockReplies.CompletionBody(api, completion));
    }
}
