using System.Text;
using System.Text.Json;
using LlmObserve.Fuzzing.Harness;

namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>
/// What the collector's targets share. The capture thread (<c>CaptureService</c>) catches nothing around the
/// decoder and the stage, so no exception may escape. Inside, <see cref="LlmObserve.Collector.Pipeline.Http.HttpStage"/>
/// and <see cref="LlmObserve.Collector.Pipeline.Exchanges.LlmExchangeSink"/> have catch-all safety nets ("a bug met by
/// odd input must cost one connection"); an exception reaching them is a bug, so it is reported as a crash too.
/// Thrown and caught by design: <see cref="InvalidDataException"/> and <see cref="IOException"/> from the runtime's
/// decompressors (caught in <c>InflateDecoder</c>), <see cref="JsonException"/> and a plain
/// <see cref="InvalidOperationException"/> (invalid UTF-8) from <see cref="Utf8JsonReader"/> (caught in <c>JsonModel</c>).
/// </summary>
public abstract class CollectorTarget : IFuzzTarget
{
    /// <summary>Every collector target's tokens: HTTP/1.1 framing, codings, SSE and JSON punctuation.</summary>
    protected static readonly IReadOnlyList<byte[]> HttpTokens = [.. new[]
    {
        "\r\n", "\r\n\r\n", "\n", ": ", "HTTP/1.1 ", "HTTP/1.0 ", "HTTP/2", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "POST ", "GET ", "CONNECT ",
        " HTTP/1.1\r\n", "200 OK", "101 Switching Protocols", "100 Continue", "204", "304", "Host: api.openai.com\r\n",
        "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Content-Length: ", "Content-Length: 0\r\n",
        "Content-Encoding: gzip\r\n", "Content-Encoding: deflate\r\n", "Content-Encoding: br\r\n", "Content-Encoding: gzip, br\r\n",
        "Content-Type: text/event-stream\r\n", "Content-Type: application/x-ndjson\r\n", "Connection: close\r\n", "Upgrade: websocket\r\n",
        "Expect: 100-continue\r\n", "0\r\n\r\n", "ffffffff\r\n", ";ext=1", "data: ", "event: ", "[DONE]", "{\"model\":\"gpt-4o\"",
        "\"messages\":[", "\"stream\":true", "{", "}", "[", "]", "\"", ",", "\\u0000", "/v1/chat/completions", "/v1/messages", "?key=",
        "Authorization: Bearer sk-proj-0123456789abcdef\r\n",
    }.Select(Encoding.UTF8.GetBytes)];

    public abstract string Name { get; }

    public abstract string Parser { get; }

    public virtual IReadOnlyList<byte[]> Dictionary => HttpTokens;

    public virtual int MaxInputLength => 64 * 1024;

    /// <summary>
    /// 64 bytes per input byte, plus what two capped bodies cost on their way to the wire record (kept, copied,
    /// as UTF-16 text or base64): 24 MiB, well under what an uncapped 16 MiB decode would need.
    /// </summary>
    public virtual long AllocationBound(int inputLength) => 64L * inputLength + (24L << 20);

    public bool IsHandledByCaller(Exception exception) => false;

    public bool IsCaughtByDesign(Exception exception) =>
        exception is InvalidDataException or IOException or JsonException || exception.GetType() == typeof(InvalidOperationException);

    public abstract ulong Run(byte[] input);

    /// <summary>Splits an input at the first <paramref name="marker"/>: (before, after); no marker: (all, empty).</summary>
    protected static (ReadOnlyMemory<byte> Before, ReadOnlyMemory<byte> After) SplitAt(ReadOnlyMemory<byte> input, ReadOnlySpan<byte> marker)
    {
        var at = input.Span.IndexOf(marker);
        return at < 0 ? (input, ReadOnlyMemory<byte>.Empty) : (input[..at], input[(at + marker.Length)..]);
    }
}
