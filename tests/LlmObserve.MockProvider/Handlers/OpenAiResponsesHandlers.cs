using System.Text.Json;
using LlmObserve.MockProvider.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>
/// <c>POST /v1/responses</c>, OpenAI's responses API: a <c>response</c> object, or named SSE
/// events from <c>response.created</c> through <c>response.output_text.delta</c> to <c>response.completed</c>.
/// </summary>
internal static class OpenAiResponsesHandlers
{
    public static async Task HandleAsync(HttpContext context, [FromServices] MockProviderOptions options)
    {
        var request = await MockRequest.ReadAsync(context.Request, Parse);
        await LlmResponder.RespondAsync(context, MockApi.OpenAiResponses, request, options, "text/event-stream; charset=utf-8", StreamAsync);
    }

    public static byte[] CompletionBody(MockCompletion c) => MockJson.Bytes(Response(c, completed: true));

    /// <summary><c>input</c> is a string, or items whose last <c>user</c> one holds the prompt.</summary>
    private static MockRequest Parse(JsonElement root)
    {
        var input = root.GetProperty("input");
        var prompt = input.ValueKind == JsonValueKind.String ? input.GetString()! : MockRequest.LastUserText(input);
        var stream = root.TryGetProperty("stream", out var value) && value.GetBoolean();
        return new MockRequest(root.GetProperty("model").GetString() ?? "", prompt, stream, IncludeUsage: false);
    }

    private static async Task StreamAsync(PieceWriter writer, MockCompletion c, MockRequest request)
    {
        _ = request;
        var sequence = 0;
        string Event(string type, object fields)
        {
            // Every event repeats its type and carries a sequence number, as OpenAI's do.
            var data = JsonSerializer.SerializeToElement(fields);
            var merged = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = type, ["sequence_number"] = sequence++ };
            foreach (var property in data.EnumerateObject())
            {
                merged[property.Name] = property.Value;
            }

            return MockJson.NamedEvent(type, merged);
        }

        var itemId = "msg_" + c.Id;
        var part = new { item_id = itemId, output_index = 0, content_index = 0 };
        var pieces = MockReplies.Pieces(c.Text);

        // The opening events travel with the first token, so the first piece holds real text.
        var first = Event("response.created", new { response = Response(c, completed: false) })
            + Event("response.in_progress", new { response = Response(c, completed: false) })
            + Event("response.output_item.added", new { output_index = 0, item = Message(c, completed: false) })
            + Event("response.content_part.added", new { part.item_id, part.output_index, part.content_index, part = OutputText("") });
        for (var i = 0; i < pieces.Count; i++)
        {
            var delta = Event("response.output_text.delta", new { part.item_id, part.output_index, part.content_index, delta = pieces[i], logprobs = Array.Empty<object>() });
            await writer.WriteAsync(i == 0 ? first + delta : delta);
        }

        await writer.WriteAsync(
            Event("response.output_text.done", new { part.item_id, part.output_index, part.content_index, text = c.Text, logprobs = Array.Empty<object>() })
            + Event("response.content_part.done", new { part.item_id, part.output_index, part.content_index, part = OutputText(c.Text) })
            + Event("response.output_item.done", new { output_index = 0, item = Message(c, completed: true) })
            + Event("response.completed", new { response = Response(c, completed: true) }));
    }

    private static object Response(MockCompletion c, bool completed) => new
    {
        id = "resp_" + c.Id,
        @object = "response",
        created_at = MockReplies.CreatedUnixSeconds,
        status = completed ? "completed" : "in_progress",
        error = (object?)null,
        incomplete_details = (object?)null,
        instructions = (string?)null,
        max_output_tokens = (int?)null,
        model = c.Model,
        output = completed ? new[] { Message(c, completed: true) } : [],
        parallel_tool_calls = true,
        previous_response_id = (string?)null,
        store = true,
        temperature = 1.0,
        text = new { format = new { type = "text" } },
        tool_choice = "auto",
        tools = Array.Empty<object>(),
        top_p = 1.0,
        truncation = "disabled",
        usage = completed
            ? new
            {
                input_tokens = c.PromptTokens,
                input_tokens_details = new { cached_tokens = 0 },
                output_tokens = c.CompletionTokens,
                output_tokens_details = new { reasoning_tokens = 0 },
                total_tokens = c.TotalTokens,
            }
            : null,
        user = (string?)null,
        metadata = new { },
    };

    private static object Message(MockCompletion c, bool completed) => new
    {
        id = "msg_" + c.Id,
        type = "message",
        status = completed ? "completed" : "in_progress",
        role = "assistant",
        content = completed ? new[] { OutputText(c.Text) } : [],
    };

    private static object OutputText(string text) => new { type = "output_text", annotations = Array.Empty<object>(), logprobs = Array.Empty<object>(), text };
}
