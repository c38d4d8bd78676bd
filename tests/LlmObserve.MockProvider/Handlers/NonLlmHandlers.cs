using System.Text.Json;
using LlmObserve.MockProvider.Replies;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.MockProvider.Handlers;

/// <summary>
/// Ordinary web traffic on the same ports as the LLM APIs, for tests that check the collector
/// leaves non-LLM HTTPS alone.
/// </summary>
internal static class NonLlmHandlers
{
    public const string PagePath = "/static/page.html";
    public const string OrdersPath = "/api/orders";

    public const string PageHtml =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Order status</title></head>\n"
        + "<body><h1>Order status</h1><p>Your order #10442 has shipped and should arrive on Thursday.</p></body></html>\n";

    public static Task PageAsync(HttpContext context) =>
        ResponseWriter.WriteAsync(context, ResponseMode.From(context.Request), "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(PageHtml));

    /// <summary>Echoes the posted JSON order back inside a receipt.</summary>
    public static async Task OrdersAsync(HttpContext context)
    {
        JsonElement order;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            order = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"Malformed order: {e.Message}", e);
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        var body = MockJson.Bytes(new { status = "accepted", order_id = "ord_10442", order });
        await ResponseWriter.WriteAsync(context, ResponseMode.From(context.Request), "application/json", body);
    }
}
