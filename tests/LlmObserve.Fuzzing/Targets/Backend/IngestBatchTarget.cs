using System.IO.Compression;
using System.Reflection;
using System.Text;
using LlmObserve.Contracts.Capture;
using LlmObserve.Fuzzing.Harness;
using LlmObserve.IngestApi.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmObserve.Fuzzing.Targets.Backend;

/// <summary>
/// The ingest batch reader as <c>CaptureApi</c> runs it: <c>BatchReader.ReadAsync</c> (gzip, size limits, JSON into a
/// <see cref="CaptureBatch"/>) then <c>BatchValidator.Validate</c>, with the default <see cref="IngestOptions"/>. The
/// endpoint catches <c>IngestRejectedException</c> only (it becomes a ProblemDetails); anything else is a 500, a crash.
/// Both classes are internal to ingest-api, so they are bound once by reflection. Input: a mode byte (even: the rest
/// is JSON and is gzipped here; odd: the rest is the body as posted), then the payload.
/// </summary>
public sealed class IngestBatchTarget : IFuzzTarget
{
    private const string Namespace = "LlmObserve.IngestApi.Ingest.";
    private static readonly IngestOptions Limits = new();
    private static readonly Assembly IngestApi = typeof(IngestOptions).Assembly;
    private static readonly Type RejectedType = IngestApi.GetType(Namespace + "IngestRejectedException", throwOnError: true)!;
    private static readonly PropertyInfo RejectedStatus = RejectedType.GetProperty("Status")!;

    private static readonly Func<HttpRequest, CancellationToken, Task<CaptureBatch>> ReadAsync =
        IngestApi.GetType(Namespace + "BatchReader", throwOnError: true)!.GetMethod("ReadAsync")!
            .CreateDelegate<Func<HttpRequest, CancellationToken, Task<CaptureBatch>>>(
                Activator.CreateInstance(IngestApi.GetType(Namespace + "BatchReader", throwOnError: true)!, Options.Create(Limits)));

    private static readonly Action<CaptureBatch, IngestOptions, DateTimeOffset> Validate =
        IngestApi.GetType(Namespace + "BatchValidator", throwOnError: true)!.GetMethod("Validate", BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<Action<CaptureBatch, IngestOptions, DateTimeOffset>>();

    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public string Name => "ingest-batch";

    public string Parser => "BatchReader (GZipStream, LengthLimitedStream, CaptureJson) → BatchValidator";

    public IReadOnlyList<byte[]> Dictionary { get; } = [.. new[]
    {
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "1e400", "\\u0000", "\\ud800", "\"schemaVersion\":", "\"exchanges\":",
        "\"id\":", "\"00000000-0000-0000-0000-000000000000\"", "\"capturedAt\":", "\"completedAt\":", "\"source\":", "\"openssl_uprobe\"",
        "\"workload\":", "\"node\":", "\"request\":", "\"response\":", "\"method\":", "\"path\":", "\"headers\":", "\"name\":", "\"value\":",
        "\"body\":", "\"bodyEncoding\":", "\"base64\"", "\"utf8\"", "\"bodySize\":", "\"statusCode\":", "\"llm\":", "\"streamed\":",
        "\"2026-11-02T09:15:04Z\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"",
    }.Select(Encoding.UTF8.GetBytes), [0x1F, 0x8B, 0x08, 0x00]];

    public int MaxInputLength => 128 * 1024;

    /// <summary>
    /// 64 bytes per input byte, plus the decompressed-size cap four times over: the JSON reader may buffer one
    /// token up to the 32 MiB cap, growing its buffer by doubling.
    /// </summary>
    public long AllocationBound(int inputLength) => 64L * inputLength + 4 * Limits.MaxDecompressedBytes;

    /// <summary>The rejection is caught inside <see cref="Post"/>, as the endpoint catches it.</summary>
    public bool IsHandledByCaller(Exception exception) => RejectedType.IsInstanceOfType(exception);

    /// <summary>The reader and validator have no catch-all: anything they do not turn into a rejection escapes.</summary>
    public bool IsCaughtByDesign(Exception exception) => true;

    public ulong Run(byte[] input)
    {
        var (status, batch, message) = Post(input);
        return new FeatureHash().Add((ulong)(input.Length > 0 ? input[0] & 1 : 2)).Add((ulong)status)
            .Add(FeatureHash.Bucket(batch?.Exchanges?.Count ?? -1)).AddShape(message, 24).Value;
    }

    /// <summary>
    /// What the endpoint answers for an input: 202 with the batch, or the rejection's status and message (the
    /// ProblemDetails). Any other exception escapes, as it would from the endpoint (a 500).
    /// </summary>
    public static (int Status, CaptureBatch? Batch, string? Message) Post(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 1)
        {
            return (0, null, null);
        }

        var body = (input[0] & 1) == 0 ? Gzip(input.AsSpan(1)) : input[1..];
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Headers.ContentEncoding = "gzip";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        try
        {
            var batch = ReadAsync(context.Request, CancellationToken.None).GetAwaiter().GetResult();
            Validate(batch, Limits, ReceivedAt);
            return (StatusCodes.Status202Accepted, batch, null);
        }
        catch (Exception e) when (RejectedType.IsInstanceOfType(e))
        {
            return ((int)RejectedStatus.GetValue(e)!, null, e.Message);
        }
    }

    private static byte[] Gzip(ReadOnlySpan<byte> json)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
