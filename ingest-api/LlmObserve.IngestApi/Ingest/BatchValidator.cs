using System.Buffers.Text;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.IngestApi.Ingest;

/// <summary>
/// Checks a parsed batch against the rules JSON parsing cannot express, so that everything
/// accepted can also be stored: PostgreSQL text cannot hold NUL or unpaired surrogates, ids must be
/// unique, sizes bounded. Errors are keyed by the member's JSON path.
/// </summary>
internal static class BatchValidator
{
    private const int MaxShortText = 1024;
    private const int MaxPathChars = 16 * 1024;
    private const int MaxHeaders = 256;
    private const int MaxHeaderValueChars = 16 * 1024;

    public static void Validate(CaptureBatch batch, IngestOptions limits, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (batch.SchemaVersion is < CaptureSchema.OldestSupportedVersion or > CaptureSchema.CurrentVersion)
        {
            errors.Add("schemaVersion", $"Schema version {batch.SchemaVersion} is not supported; this server reads versions {CaptureSchema.OldestSupportedVersion} to {CaptureSchema.CurrentVersion}.");
        }

        if (batch.Exchanges.Count == 0 || batch.Exchanges.Count > limits.MaxExchangesPerBatch)
        {
            errors.Add("exchanges", $"A batch holds 1 to {limits.MaxExchangesPerBatch} exchanges; this one holds {batch.Exchanges.Count}.");
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < batch.Exchanges.Count && !errors.Full; i++)
        {
            var e = batch.Exchanges[i];
            var at = $"exchanges[{i}]";
            if (e.Id == Guid.Empty)
            {
                errors.Add($"{at}.id", "The id must not be the empty UUID.");
            }
            else if (!ids.Add(e.Id))
            {
                errors.Add($"{at}.id", $"The id {e.Id} appears more than once in this batch.");
            }

            if (e.CapturedAt.Year < 2000 || e.CapturedAt > now.AddDays(1))
            {
                errors.Add($"{at}.capturedAt", $"{e.CapturedAt:O} is not a plausible capture time.");
            }

            if (!Enum.IsDefined(e.Source))
            {
                errors.Add($"{at}.source", "Unknown capture source.");
            }

            errors.Text($"{at}.workload.node", e.Workload.Node, MaxShortText, required: true);
            errors.Text($"{at}.workload.command", e.Workload.Command, MaxShortText);
            errors.Text($"{at}.workload.executable", e.Workload.Executable, MaxPathChars);
            errors.Text($"{at}.workload.containerId", e.Workload.ContainerId, MaxShortText);
            errors.Text($"{at}.workload.pod", e.Workload.Pod, MaxShortText);
            errors.Text($"{at}.workload.namespace", e.Workload.Namespace, MaxShortText);
            if (e.Connection is { } c)
            {
                errors.Text($"{at}.connection.localAddress", c.LocalAddress, MaxShortText);
                errors.Text($"{at}.connection.remoteAddress", c.RemoteAddress, MaxShortText);
                errors.Text($"{at}.connection.serverName", c.ServerName, MaxShortText);
                Port(errors, $"{at}.connection.localPort", c.LocalPort);
                Port(errors, $"{at}.connection.remotePort", c.RemotePort);
            }

            errors.Text($"{at}.request.method", e.Request.Method, 32, required: true);
            errors.Text($"{at}.request.path", e.Request.Path, MaxPathChars, required: true);
            errors.Text($"{at}.request.host", e.Request.Host, MaxShortText);
            Message(errors, $"{at}.request", e.Request, limits);
            if (e.Llm is { } llm)
            {
                errors.Text($"{at}.llm.provider", llm.Provider, MaxShortText, required: true);
                errors.Text($"{at}.llm.endpoint", llm.Endpoint, MaxShortText, required: true);
                errors.Text($"{at}.llm.model", llm.Model, MaxShortText);
            }

            if (e.Response is { } r)
            {
                if (r.StatusCode is < 100 or > 999)
                {
                    errors.Add($"{at}.response.statusCode", $"{r.StatusCode} is not an HTTP status code.");
                }

                Message(errors, $"{at}.response", r, limits);
            }
        }

        errors.ThrowIfAny("Invalid batch", "The batch", "nothing was accepted");
    }

    private static void Message(ValidationErrors errors, string at, CapturedMessage m, IngestOptions limits)
    {
        if (m.Headers.Count > MaxHeaders)
        {
            errors.Add($"{at}.headers", $"At most {MaxHeaders} headers are accepted; there are {m.Headers.Count}.");
        }

        for (var h = 0; h < m.Headers.Count && h < MaxHeaders; h++)
        {
            errors.Text($"{at}.headers[{h}].name", m.Headers[h].Name, MaxShortText, required: true);
            errors.Text($"{at}.headers[{h}].value", m.Headers[h].Value, MaxHeaderValueChars);
        }

        errors.Text($"{at}.body", m.Body, limits.MaxBodyChars);
        if (m.BodyEncoding == BodyEncoding.Base64 && m.Body is not null && !Base64.IsValid(m.Body))
        {
            errors.Add($"{at}.body", "The body is marked base64 but is not valid base64.");
        }

        if (m.BodySize < 0 || m.LostBytes < 0)
        {
            errors.Add($"{at}.bodySize", "Sizes and lost-byte counts cannot be negative.");
        }
    }

    private static void Port(ValidationErrors errors, string at, int? port)
    {
        if (port is < 0 or > 65535)
        {
            errors.Add(at, $"{port} is not a TCP port.");
        }
    }
}
