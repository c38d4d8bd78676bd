using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;

namespace LlmObserve.Testing;

/// <summary>Talks to ingest-api the way a collector does: enroll, then post gzip-compressed batches.</summary>
public sealed class CollectorClient(HttpClient http)
{
    public async Task<EnrollResponse> EnrollAsync(string enrollmentToken, string nodeName)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/enroll", new EnrollRequest { EnrollmentToken = enrollmentToken, NodeName = nodeName });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EnrollResponse>())!;
    }

    public Task<HttpResponseMessage> PostBatchAsync(CaptureBatch batch, string credential, CompressionLevel compression = CompressionLevel.Optimal) =>
        PostRawAsync(Gzip(JsonSerializer.SerializeToUtf8Bytes(batch, CaptureJson.Default.CaptureBatch), compression), credential);

    /// <summary>Posts the given bytes as a batch body, with the headers a collector sends.</summary>
    public Task<HttpResponseMessage> PostRawAsync(byte[] body, string? credential, string contentEncoding = "gzip", string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ingest/exchanges") { Content = new ByteArrayContent(body) };
        request.Headers.ExpectContinue = true; // as collectors do: an oversized batch is refused before it is sent
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding.Length > 0)
        {
            request.Content.Headers.ContentEncoding.Add(contentEncoding);
        }

        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostHeartbeatAsync(NodeHeartbeat heartbeat, string? credential) =>
        PostRawHeartbeatAsync(JsonSerializer.Serialize(heartbeat, CaptureJson.Default.NodeHeartbeat), credential);

    /// <summary>Posts the given text as a heartbeat body (plain JSON, as collectors send it).</summary>
    public Task<HttpResponseMessage> PostRawHeartbeatAsync(string json, string? credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ingest/heartbeat") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return http.SendAsync(request);
    }

    public static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}

/// <summary>Realistic captured exchanges: an OpenAI chat completion with the given prompt.</summary>
public static class SampleExchanges
{
    public const string AwsKeyPrompt = "Why does boto3 reject my key AKIAIOSFODNN7EXAMPLE with this secret?";

    /// <summary>What a collector recognizes in <see cref="ChatCompletion"/>; set <c>Llm = null</c> for an older collector's exchange.</summary>
    public static readonly LlmCall OpenAiChat = new() { Provider = LlmProviders.OpenAi, Endpoint = LlmEndpoints.ChatCompletions, Model = "gpt-4o-mini" };

    public static CapturedExchange ChatCompletion(string prompt, string node = "node-1", DateTimeOffset? at = null, string? answer = null)
    {
        var capturedAt = at ?? DateTimeOffset.UtcNow;
        var request = JsonSerializer.Serialize(new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = prompt } } });
        var response = JsonSerializer.Serialize(new { id = "chatcmpl-1", choices = new[] { new { index = 0, message = new { role = "assistant", content = answer ?? "Here is how." } } } });
        return new CapturedExchange
        {
            Id = Guid.CreateVersion7(capturedAt),
            CapturedAt = capturedAt,
            CompletedAt = capturedAt.AddMilliseconds(850),
            Source = CaptureSource.OpenSslUprobe,
            Workload = new WorkloadIdentity { Node = node, Pid = 4242, Command = "python3", Executable = "/usr/bin/python3.11", Namespace = "payments", Pod = "invoice-bot-7d9f" },
            Connection = new CapturedConnection { RemoteAddress = "162.159.140.245", RemotePort = 443, ServerName = "api.openai.com" },
            Request = new CapturedRequest
            {
                Method = "POST",
                Path = "/v1/chat/completions",
                Host = "api.openai.com",
                Headers = [new("content-type", "application/json"), new("authorization", "Bearer [REDACTED fp=3f9a1c]")],
                Body = request,
                BodySize = request.Length,
            },
            Response = new CapturedResponse { StatusCode = 200, Headers = [new("content-type", "application/json")], Body = response, BodySize = response.Length },
            Llm = OpenAiChat,
        };
    }

    public static CaptureBatch Batch(params IEnumerable<CapturedExchange> exchanges) =>
        new() { SchemaVersion = CaptureSchema.CurrentVersion, Exchanges = [.. exchanges] };
}
