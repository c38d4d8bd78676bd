using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.IngestApi.Tests;

/// <summary>Calls to the destinations API of one ingest-api, as a tenant's API key.</summary>
internal sealed class DestinationsApiClient(HttpClient client)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Sends, asserts the status and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(string apiKey, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(apiKey, method, path, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Web)!;
    }

    /// <summary>Sends <paramref name="body"/> as JSON; a string is sent as it is.</summary>
    public Task<HttpResponseMessage> SendAsync(string? bearer, HttpMethod method, string path, object? body)
    {
        var json = body as string ?? (body is null ? null : JsonSerializer.Serialize(body, Web));
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

/// <summary>One request a <see cref="HookReceiver"/> got.</summary>
internal sealed record HookRequest(IReadOnlyDictionary<string, string> Headers, string Query, string Body);

/// <summary>A webhook receiver (Kestrel on 127.0.0.1) that accepts every POST to /hook and records it.</summary>
internal sealed class HookReceiver(WebApplication app) : IAsyncDisposable
{
    public ConcurrentQueue<HookRequest> Requests { get; } = new();

    public string Url => app.Urls.First() + "/hook";

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var web = builder.Build();
        var receiver = new HookReceiver(web);
        web.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.Requests.Enqueue(new HookRequest(headers, context.Request.QueryString.Value ?? "", body));
            return Results.NoContent();
        });
        await web.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
