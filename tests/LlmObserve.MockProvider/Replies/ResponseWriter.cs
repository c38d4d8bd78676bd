using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.MockProvider.Replies;

/// <summary>Writes whole (non-streamed) bodies, honouring <see cref="ResponseMode"/>.</summary>
internal static class ResponseWriter
{
    /// <summary>Slice size when a body is sent chunked, so a large body really is several chunks.</summary>
    private const int ChunkBytes = 16 * 1024;

    public static async Task WriteAsync(HttpContext context, ResponseMode mode, string contentType, byte[] body)
    {
        var response = context.Response;
        response.ContentType = contentType;
        var wire = body;
        if (mode.Gzip)
        {
            response.Headers.ContentEncoding = "gzip";
            wire = Gzip(body);
        }

        var token = context.RequestAborted;
        if (!mode.Chunked)
        {
            response.ContentLength = wire.Length;
            await response.Body.WriteAsync(wire, token);
            return;
        }

        // No Content-Length and several flushes: Kestrel sends Transfer-Encoding: chunked.
        for (var offset = 0; offset < wire.Length; offset += ChunkBytes)
        {
            await response.Body.WriteAsync(wire.AsMemory(offset, Math.Min(ChunkBytes, wire.Length - offset)), token);
            await response.Body.FlushAsync(token);
        }
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}

/// <summary>
/// A streamed body (SSE or NDJSON): each piece is written and flushed on its own (through a
/// gzip sync flush when gzip was asked for), then the writer pauses, so every piece leaves as
/// its own TLS record. Streamed bodies never carry a Content-Length.
/// </summary>
internal sealed class PieceWriter : IAsyncDisposable
{
    private readonly HttpResponse _response;
    private readonly GZipStream? _gzip;
    private readonly TimeSpan _delay;
    private readonly CancellationToken _token;

    private PieceWriter(HttpContext context, ResponseMode mode, TimeSpan delay)
    {
        _response = context.Response;
        _delay = delay;
        _token = context.RequestAborted;
        _gzip = mode.Gzip ? new GZipStream(_response.Body, CompressionLevel.Fastest, leaveOpen: true) : null;
    }

    public static PieceWriter Start(HttpContext context, ResponseMode mode, string contentType, TimeSpan delay)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        if (mode.Gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        return new PieceWriter(context, mode, delay);
    }

    public async Task WriteAsync(string piece)
    {
        var bytes = Encoding.UTF8.GetBytes(piece);
        if (_gzip is null)
        {
            await _response.Body.WriteAsync(bytes, _token);
        }
        else
        {
            await _gzip.WriteAsync(bytes, _token);
            await _gzip.FlushAsync(_token); // a sync flush: the client can inflate this piece now
        }

        await _response.Body.FlushAsync(_token);
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, _token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_gzip is not null)
        {
            await _gzip.DisposeAsync(); // writes the gzip trailer
        }
    }
}
