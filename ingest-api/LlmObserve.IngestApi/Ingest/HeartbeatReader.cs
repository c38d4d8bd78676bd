using System.Text.Json;
using LlmObserve.Contracts.Capture;
using LlmObserve.Contracts.Enrollment;

namespace LlmObserve.IngestApi.Ingest;

/// <summary>
/// Reads and checks a posted heartbeat: plain JSON (it is small, so not compressed), within the
/// endpoint's body limit, with text PostgreSQL can store. Every way it can be wrong ends in an
/// <see cref="IngestRejectedException"/> that says which.
/// </summary>
internal static class HeartbeatReader
{
    /// <summary>A heartbeat names a few dozen targets and counters; this leaves ample room.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    private const int MaxVersionChars = 256;
    private const int MaxNameChars = 4096;

    public static async Task<NodeHeartbeat> ReadAsync(HttpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRejectedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "A heartbeat must be sent as 'Content-Type: application/json'.");
        }

        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRejectedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding",
                "A heartbeat is sent uncompressed, without Content-Encoding.");
        }

        NodeHeartbeat heartbeat;
        try
        {
            heartbeat = await JsonSerializer.DeserializeAsync(request.Body, CaptureJson.Default.NodeHeartbeat, cancellationToken)
                ?? throw new IngestRejectedException(StatusCodes.Status400BadRequest, "Invalid heartbeat", "The heartbeat is JSON null.");
        }
        catch (JsonException e)
        {
            throw new IngestRejectedException(StatusCodes.Status400BadRequest, "Invalid JSON", e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel enforces the endpoint's limit (RequestSizeLimit) while the body is read.
            throw new IngestRejectedException(StatusCodes.Status413PayloadTooLarge, "Heartbeat too large",
                $"A heartbeat is at most {MaxBodyBytes} bytes.");
        }

        Validate(heartbeat, now);
        return heartbeat;
    }

    private static void Validate(NodeHeartbeat heartbeat, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.Text("collectorVersion", heartbeat.CollectorVersion, MaxVersionChars, required: true);
        errors.Text("kernelVersion", heartbeat.KernelVersion, MaxVersionChars, required: true);
        if (heartbeat.StartedAt.Year < 2000 || heartbeat.StartedAt > now.AddDays(1))
        {
            errors.Add("startedAt", $"{heartbeat.StartedAt:O} is not a plausible start time.");
        }

        foreach (var (target, status) in heartbeat.Targets)
        {
            errors.Text($"targets['{target}']", target, MaxNameChars, required: true);
            errors.Text($"targets['{target}']", status, MaxNameChars);
        }

        foreach (var (counter, value) in heartbeat.Counters)
        {
            errors.Text($"counters['{counter}']", counter, MaxNameChars, required: true);
            if (value < 0)
            {
                errors.Add($"counters['{counter}']", "Counters count up from zero; this one is negative.");
            }
        }

        errors.ThrowIfAny("Invalid heartbeat", "The heartbeat", "nothing was recorded");
    }
}
