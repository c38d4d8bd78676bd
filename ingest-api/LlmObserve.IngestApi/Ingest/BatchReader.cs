using System.IO.Compression;
using System.Text.Json;
using LlmObserve.Contracts.Capture;
using Microsoft.Extensions.Options;

namespace LlmObserve.IngestApi.Ingest;

/// <summary>
/// Reads a posted batch: gzip-compressed JSON, within the size limits, into a <see cref="CaptureBatch"/>.
/// Every way a body can be wrong ends in an <see cref="IngestRejectedException"/> that says which.
/// </summary>
internal sealed class BatchReader(IOptions<IngestOptions> options)
{
    private readonly IngestOptions _limits = options.Value;

    public async Task<CaptureBatch> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRejectedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "A batch must be sent as 'Content-Type: application/json' with 'Content-Encoding: gzip'.");
        }

        if (!string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRejectedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding",
                "A batch must be gzip-compressed and sent with 'Content-Encoding: gzip'.");
        }

        if (request.ContentLength > _limits.MaxCompressedBytes)
        {
            throw TooLarge($"The compressed batch is {request.ContentLength} bytes; the limit is {_limits.MaxCompressedBytes} bytes. Send smaller batches.");
        }

        try
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await using var limited = new LengthLimitedStream(gzip, _limits.MaxDecompressedBytes);
            return await JsonSerializer.DeserializeAsync(limited, CaptureJson.Default.CaptureBatch, cancellationToken)
                ?? throw new IngestRejectedException(StatusCodes.Status400BadRequest, "Invalid batch", "The batch is JSON null.");
        }
        catch (JsonException e)
        {
            throw new IngestRejectedException(StatusCodes.Status400BadRequest, "Invalid JSON", e.Message);
        }
        catch (InvalidDataException)
        {
            throw new IngestRejectedException(StatusCodes.Status400BadRequest, "Invalid gzip",
                "The body is not valid gzip data, although 'Content-Encoding: gzip' says it is.");
        }
        catch (LengthLimitedStream.LimitExceededException)
        {
            throw TooLarge($"The batch is over {_limits.MaxDecompressedBytes} bytes once decompressed. Send smaller batches.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge($"The compressed batch is over the limit of {_limits.MaxCompressedBytes} bytes. Send smaller batches.");
        }
    }

    private static IngestRejectedException TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "Batch too large", detail);
}
