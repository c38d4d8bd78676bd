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
    private const int MaxErrors = 50;
    private const int MaxShortText = 1024;
    private const int MaxPathChars = 16 * 1024;
    private const int MaxHeaders = 256;
    private const int MaxHeaderValueChars = 16 * 1024;

    public static void Validate(CaptureBatch batch, IngestOptions limits, DateTimeOffset now)
    {
        var errors = new Errors();
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

            Text(errors, $"{at}.workload.node", e.Workload.Node, MaxShortText, required: true);
            Text(errors, $"{at}.workload.command", e.Workload.Command, MaxShortText);
            Text(errors, $"{at}.workload.executable", e.Workload.Executable, MaxPathChars);
            Text(errors, $"{at}.workload.containerId", e.Workload.ContainerId, MaxShortText);
            Text(errors, $"{at}.workload.pod", e.Workload.Pod, MaxShortText);
            Text(errors, $"{at}.workload.namespace", e.Workload.Namespace, MaxShortText);
            if (e.Connection is { } c)
            {
                Text(errors, $"{at}.connection.localAddress", c.LocalAddress, MaxShortText);
                Text(errors, $"{at}.connection.remoteAddress", c.RemoteAddress, MaxShortText);
                Text(errors, $"{at}.connection.serverName", c.ServerName, MaxShortText);
                Port(errors, $"{at}.connection.localPort", c.LocalPort);
                Port(errors, $"{at}.connection.remotePort", c.RemotePort);
            }

            Text(errors, $"{at}.request.method", e.Request.Method, 32, required: true);
            Text(errors, $"{at}.request.path", e.Request.Path, MaxPathChars, required: true);
            Text(errors, $"{at}.request.host", e.Request.Host, MaxShortText);
            Message(errors, $"{at}.request", e.Request, limits);
            if (e.Response is { } r)
            {
                if (r.StatusCode is < 100 or > 999)
                {
                    errors.Add($"{at}.response.statusCode", $"{r.StatusCode} is not an HTTP status code.");
                }

                Message(errors, $"{at}.response", r, limits);
            }
        }

        if (errors.Count > 0)
        {
            throw new IngestRejectedException(StatusCodes.Status400BadRequest, "Invalid batch",
                $"The batch failed validation ({errors.Count} problem(s){(errors.Full ? ", only the first shown" : "")}); nothing was accepted.",
                errors.ToDictionary());
        }
    }

    private static void Message(Errors errors, string at, CapturedMessage m, IngestOptions limits)
    {
        if (m.Headers.Count > MaxHeaders)
        {
            errors.Add($"{at}.headers", $"At most {MaxHeaders} headers are accepted; there are {m.Headers.Count}.");
        }

        for (var h = 0; h < m.Headers.Count && h < MaxHeaders; h++)
        {
            Text(errors, $"{at}.headers[{h}].name", m.Headers[h].Name, MaxShortText, required: true);
            Text(errors, $"{at}.headers[{h}].value", m.Headers[h].Value, MaxHeaderValueChars);
        }

        Text(errors, $"{at}.body", m.Body, limits.MaxBodyChars);
        if (m.BodyEncoding == BodyEncoding.Base64 && m.Body is not null && !Base64.IsValid(m.Body))
        {
            errors.Add($"{at}.body", "The body is marked base64 but is not valid base64.");
        }

        if (m.BodySize < 0 || m.LostBytes < 0)
        {
            errors.Add($"{at}.bodySize", "Sizes and lost-byte counts cannot be negative.");
        }
    }

    private static void Text(Errors errors, string at, string? value, int maxChars, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add(at, "A value is required.");
            }

            return;
        }

        if (value.Length > maxChars)
        {
            errors.Add(at, $"At most {maxChars} characters are accepted; there are {value.Length}.");
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (ch == '\0')
            {
                errors.Add(at, $"NUL character at offset {i}: text cannot hold it; send binary bodies with bodyEncoding 'base64'.");
                return;
            }

            if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(ch))
            {
                errors.Add(at, $"Unpaired UTF-16 surrogate at offset {i}: the text is not valid Unicode.");
                return;
            }
        }
    }

    private static void Port(Errors errors, string at, int? port)
    {
        if (port is < 0 or > 65535)
        {
            errors.Add(at, $"{port} is not a TCP port.");
        }
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

        public int Count => _errors.Count;

        public bool Full => _errors.Count >= MaxErrors;

        public void Add(string path, string message)
        {
            if (!Full)
            {
                _errors[path] = _errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];
            }
        }

        public Dictionary<string, string[]> ToDictionary() => _errors;
    }
}
