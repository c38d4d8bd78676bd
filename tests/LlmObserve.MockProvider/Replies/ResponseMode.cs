using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LlmObserve.MockProvider.Replies;

/// <summary>
/// How one response is shaped, chosen by the request's <c>x-mock-*</c> headers so one server
/// serves every test: <c>x-mock-gzip: 1</c>, <c>x-mock-chunked: 1</c> (no Content-Length),
/// <c>x-mock-response-bytes: N</c> (a non-streamed answer of N bytes of <see cref="MockReplies.LargeContent"/>).
/// </summary>
public sealed record ResponseMode(bool Gzip, bool Chunked, int? ResponseBytes)
{
    public const string GzipHeader = "x-mock-gzip";
    public const string ChunkedHeader = "x-mock-chunked";
    public const string ResponseBytesHeader = "x-mock-response-bytes";

    /// <summary>Largest size <see cref="ResponseBytesHeader"/> accepts; the body is built in memory.</summary>
    public const int MaxResponseBytes = 64 * 1024 * 1024;

    public static ResponseMode From(HttpRequest request)
    {
        int? bytes = null;
        if (request.Headers.TryGetValue(ResponseBytesHeader, out var value))
        {
            bytes = int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxResponseBytes
                ? n
                : throw new BadHttpRequestException($"{ResponseBytesHeader} must be a whole number up to {MaxResponseBytes}.");
        }

        return new ResponseMode(IsOn(request, GzipHeader), IsOn(request, ChunkedHeader), bytes);
    }

    private static bool IsOn(HttpRequest request, string header) =>
        request.Headers.TryGetValue(header, out var value) && value.ToString() is "1" or "true";
}
