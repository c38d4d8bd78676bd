using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>One request the receiver got, and the status it answered.</summary>
internal sealed record ReceivedRequest(string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers, int Status)
{
    public string DeliveryId => Headers.GetValueOrDefault("X-LlmObserve-Delivery", "");
}

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) that records every POST and answers with the status
/// the test decides from the request and how many times this delivery id has been seen (1-based).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.Status is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? statusForAttempt = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var id = headers.GetValueOrDefault("X-LlmObserve-Delivery", "");
            var attempt = receiver._attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            var status = statusForAttempt?.Invoke(attempt) ?? StatusCodes.Status204NoContent;
            receiver._requests.Enqueue(new ReceivedRequest(body, context.Request.ContentType, headers, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
