using System.IO.Compression;
using System.Text;

namespace LlmObserve.Fuzzing.Corpus;

/// <summary>One LLM call as HTTP/1.1 bytes on the wire, built from a real payload pair.</summary>
internal sealed record HttpSample(int Api, string Request, string Response, bool Streamed)
{
    private static readonly (string Host, string Path)[] Endpoints =
    [
        ("api.openai.com", "/v1/chat/completions"),
        ("api.openai.com", "/v1/responses"),
        ("api.anthropic.com", "/v1/messages"),
        ("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent"),
        ("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse"),
        ("bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-haiku/converse"),
        ("bedrock-runtime.us-east-1.amazonaws.com", "/model/meta.llama3-8b-instruct-v1%3A0/invoke"),
        ("127.0.0.1:11434", "/api/chat"),
        ("127.0.0.1:11434", "/api/generate"),
        ("api.openai.com", "/v1/embeddings"),
    ];

    public byte[] RequestBytes(string? encoding = null)
    {
        var (host, path) = Endpoints[Api];
        var body = Encode(Encoding.UTF8.GetBytes(Request), encoding);
        var head = $"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer sk-proj-abcdefghijklmnop0123456789\r\nContent-Type: application/json\r\n"
            + (encoding is null ? string.Empty : $"Content-Encoding: {encoding}\r\n") + $"Content-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    /// <summary>The response: chunked when streamed or asked for, else with a Content-Length; optionally content-coded.</summary>
    public byte[] ResponseBytes(bool chunked, string? encoding = null)
    {
        var body = Encode(Encoding.UTF8.GetBytes(Response), encoding);
        var type = !Streamed ? "application/json" : Api is 7 or 8 ? "application/x-ndjson" : "text/event-stream";
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: {type}\r\n" + (encoding is null ? string.Empty : $"Content-Encoding: {encoding}\r\n");
        if (!chunked && !Streamed)
        {
            return [.. Encoding.ASCII.GetBytes(head + $"Content-Length: {body.Length}\r\n\r\n"), .. body];
        }

        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\n\r\n"));
        for (var at = 0; at < body.Length; at += 64)
        {
            var count = Math.Min(64, body.Length - at);
            output.Write(Encoding.ASCII.GetBytes($"{count:x}\r\n"));
            output.Write(body, at, count);
            output.Write("\r\n"u8);
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    public static byte[] Encode(byte[] data, string? encoding, CompressionLevel level = CompressionLevel.Optimal)
    {
        if (encoding is null)
        {
            return data;
        }

        var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, level, leaveOpen: true),
            "deflate" => new ZLibStream(output, level, leaveOpen: true),
            "raw-deflate" => new DeflateStream(output, level, leaveOpen: true),
            _ => new BrotliStream(output, level, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
