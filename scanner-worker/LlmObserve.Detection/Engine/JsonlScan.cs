using System.Diagnostics;
using System.Text.Json;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Detection.Engine;

/// <summary>What a JSONL scan did: lines read, scanned and rejected, and findings written.</summary>
public sealed record JsonlScanSummary(long Lines, long Scanned, long Malformed, long Findings, TimeSpan Elapsed);

/// <summary>
/// The scan command's work, apart from files and the console: reads JSONL, one input per line — either
/// <c>{"id", "text"}</c> (the text scanned as a user prompt) or a whole exchange in the wire format — and
/// writes one line per input: <c>{"id", "findings": [{"rule", "category", "severity", "confidence"}]}</c>.
/// A line that is not one of those is reported on <c>errors</c> with its line number, and the next lines are
/// still scanned. Blank lines are skipped.
/// </summary>
public sealed class JsonlScan(DetectionEngine engine, bool withEvidence = false)
{
    /// <summary>Longest line read: a line over it is reported malformed rather than read into memory whole.</summary>
    public const int MaxLineChars = 64 * 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public async Task<JsonlScanSummary> RunAsync(
        TextReader input, Stream output, TextWriter errors, string inputName, IProgress<JsonlScanSummary>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        long lines = 0, scanned = 0, malformed = 0, findings = 0;
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lines++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Parse(line, out var error) is not { } item)
            {
                malformed++;
                await errors.WriteLineAsync($"{inputName}:{lines}: skipped: {error}");
                continue;
            }

            var result = item.Exchange is { } exchange ? engine.Scan(exchange) : engine.ScanText(item.Text!);
            Write(writer, item.Id, result.Findings);
            writer.Flush();
            output.WriteByte((byte)'\n');
            writer.Reset();
            scanned++;
            findings += result.Findings.Count;
            if (progress is not null && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(2))
            {
                lastProgress = clock.Elapsed;
                progress.Report(new JsonlScanSummary(lines, scanned, malformed, findings, clock.Elapsed));
            }
        }

        await output.FlushAsync(cancellationToken);
        return new JsonlScanSummary(lines, scanned, malformed, findings, clock.Elapsed);
    }

    private sealed record Item(string Id, string? Text, CapturedExchange? Exchange);

    private static Item? Parse(string line, out string error)
    {
        if (line.Length > MaxLineChars)
        {
            error = $"the line is {line.Length} characters long, over the limit of {MaxLineChars}";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"expected a JSON object, found a JSON {root.ValueKind.ToString().ToLowerInvariant()}";
                return null;
            }

            if (root.TryGetProperty("text", out var text))
            {
                return ParseText(root, text, out error);
            }

            if (root.TryGetProperty("request", out _))
            {
                var exchange = root.Deserialize(CaptureJson.Default.CapturedExchange);
                error = "";
                return exchange is null ? null : new Item(exchange.Id.ToString(), null, exchange);
            }

            error = "expected {\"id\", \"text\"} or an exchange in the wire format (with \"request\")";
            return null;
        }
        catch (JsonException e)
        {
            error = $"invalid JSON: {e.Message}";
            return null;
        }
    }

    private static Item? ParseText(JsonElement root, JsonElement text, out string error)
    {
        error = "";
        if (text.ValueKind != JsonValueKind.String)
        {
            error = "\"text\" must be a string";
            return null;
        }

        var id = root.TryGetProperty("id", out var idElement) ? idElement.ValueKind switch
        {
            JsonValueKind.String => idElement.GetString(),
            JsonValueKind.Number => idElement.GetRawText(),
            _ => null,
        } : null;
        if (id is null)
        {
            error = "\"id\" is missing or not a string or number";
            return null;
        }

        return new Item(id, text.GetString()!, null);
    }

    private void Write(Utf8JsonWriter writer, string id, IReadOnlyList<Finding> findings)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteStartArray("findings");
        foreach (var f in findings)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", f.RuleId);
            writer.WriteString("category", f.Category);
            writer.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
            writer.WriteNumber("confidence", f.Confidence);
            if (withEvidence)
            {
                writer.WriteString("title", f.Title);
                writer.WriteString("location", f.Location);
                if (f.Start is { } start)
                {
                    writer.WriteNumber("start", start);
                    writer.WriteNumber("length", f.Length ?? 0);
                }

                writer.WriteString("evidence", f.Evidence);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
