using System.IO.Compression;
using System.Text;

namespace LlmObserve.Collector.Pipeline.Tests.Support;

/// <summary>Real HTTP/1.1 bytes for tests: heads with CRLF line ends, chunked framing, content codings.</summary>
internal static class HttpBytes
{
    /// <summary>A head from its lines (CRLF after each, plus the empty line), followed by the body.</summary>
    public static byte[] Message(string[] head, byte[]? body = null) =>
        [.. Encoding.UTF8.GetBytes(string.Concat(head.Select(line => line + "\r\n")) + "\r\n"), .. body ?? []];

    public static byte[] Message(string[] head, string body) => Message(head, Encoding.UTF8.GetBytes(body));

    public static byte[] JsonPost(string path, string host, string json, params string[] extraHeaders) => Message(
        [$"POST {path} HTTP/1.1", $"Host: {host}", "Content-Type: application/json", $"Content-Length: {Encoding.UTF8.GetByteCount(json)}", .. extraHeaders],
        json);

    public static byte[] JsonOk(string json, params string[] extraHeaders) => Message(
        ["HTTP/1.1 200 OK", "Content-Type: application/json", $"Content-Length: {Encoding.UTF8.GetByteCount(json)}", .. extraHeaders],
        json);

    /// <summary>Chunked transfer coding with chunks of <paramref name="size"/> bytes and a chunk extension on the first.</summary>
    public static byte[] Chunked(byte[] data, int size, string trailer = "")
    {
        var output = new MemoryStream();
        for (var at = 0; at < data.Length; at += size)
        {
            var count = Math.Min(size, data.Length - at);
            var line = at == 0 ? $"{count:x};ext=1\r\n" : $"{count:X}\r\n";
            output.Write(Encoding.ASCII.GetBytes(line));
            output.Write(data, at, count);
            output.Write("\r\n"u8);
        }

        output.Write(Encoding.ASCII.GetBytes($"0\r\n{trailer}\r\n"));
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] data) => Compress(data, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true));

    public static byte[] ZLib(byte[] data) => Compress(data, s => new ZLibStream(s, CompressionLevel.Fastest, leaveOpen: true));

    public static byte[] RawDeflate(byte[] data) => Compress(data, s => new DeflateStream(s, CompressionLevel.Fastest, leaveOpen: true));

    public static byte[] Brotli(byte[] data) => Compress(data, s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true));

    /// <summary>Text-like bytes (compressible, but not trivially) from a seed.</summary>
    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        var words = new[] { "the ", "model ", "token ", "prompt ", "{\"role\":", "\"user\"", ", ", "\n", "assistant ", "42 " };
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            builder.Append(words[random.Next(words.Length)]);
        }

        return Encoding.UTF8.GetBytes(builder.ToString(0, length));
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> open)
    {
        var output = new MemoryStream();
        using (var compressor = open(output))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
