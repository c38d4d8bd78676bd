using System.Text;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.MockProvider;

/// <summary>One request as the mock received it, after TLS: what the client really sent.</summary>
/// <param name="Provider">Whose port it came in on: openai, anthropic, ollama or vllm.</param>
/// <param name="Headers">Every header, names lower-case; repeated headers joined with ", ".</param>
public sealed record RecordedRequest(
    string Provider,
    int LocalPort,
    int RemotePort,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The credential: the bearer token of <c>Authorization</c>, else <c>x-api-key</c>.</summary>
    public string? ApiKey =>
        Headers.TryGetValue("authorization", out var authorization) && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..]
            : Headers.GetValueOrDefault("x-api-key");
}

/// <summary>The thread-safe list of received requests; Kestrel threads add, tests read snapshots.</summary>
internal sealed class RequestRecorder
{
    private const string ProviderKey = "llmobserve.mock.provider";
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    /// <summary>Whose port the request came in on, as <see cref="RecordAsync"/> noted it.</summary>
    public static string ProviderOf(HttpContext context) => context.Items[ProviderKey] as string ?? "unknown";

    /// <summary>Middleware: buffers and records the body, then rewinds it for the handler.</summary>
    public async Task RecordAsync(HttpContext context, string provider, RequestDelegate next)
    {
        context.Items[ProviderKey] = provider;
        var request = context.Request;
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        request.Body.Position = 0;

        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value.ToArray()), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(
            provider,
            context.Connection.LocalPort,
            context.Connection.RemotePort,
            request.Method,
            request.Path + request.QueryString,
            headers,
            body,
            DateTimeOffset.UtcNow);
        lock (_lock)
        {
            _requests.Add(recorded);
        }

        await next(context);
    }
}
