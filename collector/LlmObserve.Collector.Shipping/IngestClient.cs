using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Contracts.Enrollment;

namespace LlmObserve.Collector.Shipping;

internal enum DeliveryOutcome
{
    /// <summary>202: the broker has the batch; it may be forgotten.</summary>
    Accepted,

    /// <summary>400/415/422: the batch itself is wrong; retrying cannot help.</summary>
    Rejected,

    /// <summary>413: over the backend's limits; smaller batches will pass.</summary>
    TooLarge,

    /// <summary>401/403: the node credential is unknown or revoked.</summary>
    Unauthorized,

    /// <summary>Unreachable, timed out, 5xx, 429, 404 …: the same request may pass later.</summary>
    Retry,
}

/// <summary>What a request came to, with the backend's reason (ProblemDetails detail) or the network error.</summary>
internal readonly record struct Answer(DeliveryOutcome Outcome, int? Status, string Detail);

/// <summary>
/// ingest-api's collector endpoints. Thread-safe (HttpClient is); every method returns an
/// <see cref="Answer"/> instead of throwing for network failures, and throws
/// <see cref="OperationCanceledException"/> only for the caller's token.
/// </summary>
internal sealed class IngestClient(HttpClient http, ShippingOptions options)
{
    public const string EnrollPath = "api/v1/enroll";
    public const string ExchangesPath = "api/v1/ingest/exchanges";
    public const string HeartbeatPath = "api/v1/ingest/heartbeat";
    public const string RotatePath = "api/v1/ingest/credentials/rotate";

    public Task<Answer> PostBatchAsync(EncodedBatch batch, string credential, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(batch.Payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return SendAsync(ExchangesPath, content, credential, _ => Task.CompletedTask, cancellationToken);
    }

    /// <summary>The credential, or null with the reason in <paramref name="answer"/> (Unauthorized: the token was refused).</summary>
    public async Task<(EnrollResponse? Credential, Answer Answer)> EnrollAsync(string token, CancellationToken cancellationToken)
    {
        var request = new EnrollRequest
        {
            EnrollmentToken = token,
            NodeName = options.NodeName,
            CollectorVersion = options.CollectorVersion,
            KernelVersion = options.KernelVersion,
        };
        EnrollResponse? enrolled = null;
        var answer = await SendAsync(EnrollPath, JsonContent.Create(request, ShippingJson.Default.EnrollRequest), credential: null,
            async response => enrolled = await response.Content.ReadFromJsonAsync(ShippingJson.Default.EnrollResponse, cancellationToken), cancellationToken);
        return (answer.Outcome == DeliveryOutcome.Accepted ? enrolled : null, answer);
    }

    /// <summary>A new credential for the one given, or null with the reason in <paramref name="answer"/>.</summary>
    public async Task<(RotatedCredential? Credential, Answer Answer)> RotateAsync(string credential, CancellationToken cancellationToken)
    {
        RotatedCredential? rotated = null;
        var answer = await SendAsync(RotatePath, content: null, credential,
            async response => rotated = await response.Content.ReadFromJsonAsync(ShippingJson.Default.RotatedCredential, cancellationToken), cancellationToken);
        return (answer.Outcome == DeliveryOutcome.Accepted ? rotated : null, answer);
    }

    public Task<Answer> PostHeartbeatAsync(NodeHeartbeat heartbeat, string credential, CancellationToken cancellationToken) =>
        SendAsync(HeartbeatPath, JsonContent.Create(heartbeat, ShippingJson.Default.NodeHeartbeat), credential, _ => Task.CompletedTask, cancellationToken);

    private async Task<Answer> SendAsync(string path, HttpContent? content, string? credential, Func<HttpResponseMessage, Task> onSuccess, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };

        // Kestrel answers a rejected body (413, 401) before reading it and then resets a client that
        // keeps streaming; with 100-continue the body is sent only once the server wants it.
        request.Headers.ExpectContinue = content is not null;
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await onSuccess(response);
                return new Answer(DeliveryOutcome.Accepted, (int)response.StatusCode, "");
            }

            var outcome = response.StatusCode switch
            {
                HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableContent => DeliveryOutcome.Rejected,
                HttpStatusCode.RequestEntityTooLarge => DeliveryOutcome.TooLarge,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => DeliveryOutcome.Unauthorized,
                _ => DeliveryOutcome.Retry,
            };
            return new Answer(outcome, (int)response.StatusCode, await ReasonAsync(response, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return new Answer(DeliveryOutcome.Retry, null, $"{http.BaseAddress} unreachable: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(DeliveryOutcome.Retry, null, $"{http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0.#} s");
        }
        catch (JsonException e)
        {
            return new Answer(DeliveryOutcome.Retry, null, $"unreadable answer from {http.BaseAddress}: {e.Message}");
        }
    }

    /// <summary>Enough of a reason for a log line: a 400 for 2000 exchanges can list an error for each.</summary>
    private const int MaxReasonChars = 2000;

    /// <summary>"<c>title: detail</c>" of a ProblemDetails answer, else the start of the body; at most <see cref="MaxReasonChars"/>.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var reason = await ReadReasonAsync(response, cancellationToken);
        return reason.Length <= MaxReasonChars ? reason : string.Concat(reason.AsSpan(0, MaxReasonChars), " …");
    }

    private static async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            var problem = JsonSerializer.Deserialize(body, ShippingJson.Default.JsonElement);
            if (problem.ValueKind == JsonValueKind.Object)
            {
                var title = problem.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
                var detail = problem.TryGetProperty("detail", out var d) ? $": {d.GetString()}" : "";
                var errors = problem.TryGetProperty("errors", out var e) ? $" {e.GetRawText()}" : "";
                return $"{(int)response.StatusCode} {title}{detail}{errors}";
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page …): show its start.
        }

        return body.Length == 0 ? status : $"{status}: {body[..Math.Min(body.Length, 300)]}";
    }
}
