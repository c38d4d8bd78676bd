using System.Text;

namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>
/// Content decoding (<c>InflateDecoder</c> for gzip and deflate, <c>BrotliContentDecoder</c>) with the production caps,
/// reached the production way: a captured OpenAI exchange whose response carries the input as its encoded body.
/// Input: a framing byte (bits 0–1: Content-Length, chunked, close-delimited, or the request carries the body;
/// bits 2–7: the split seed), then the encoded body.
/// </summary>
public sealed class ContentTarget(string encoding) : CollectorTarget
{
    private static readonly byte[] Request = System.Text.Encoding.ASCII.GetBytes(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: 54\r\n\r\n" +
        "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"stream\":false}\n");

    public string Coding => encoding;

    public override string Name => "content-" + encoding;

    public override string Parser => encoding == "br" ? "BrotliContentDecoder (via HttpStage)" : $"InflateDecoder ({encoding}, via HttpStage)";

    /// <summary>Compressed data has no text tokens worth inserting; boundary bytes and splices do the work.</summary>
    public override IReadOnlyList<byte[]> Dictionary { get; } =
        [[0x1F, 0x8B, 0x08], [0x78, 0x9C], [0x78, 0x01], [0x78, 0xDA], [0x00, 0x00, 0xFF, 0xFF], [0x03, 0x00], [0xFF, 0xFF, 0xFF, 0xFF], [0x00]];

    /// <summary>Bombs are seeds of up to about 1 MiB; mutants of them keep their size.</summary>
    public override int MaxInputLength => 2 << 20;

    public override ulong Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 1)
        {
            return 0;
        }

        var body = input.AsMemory(1);
        var framing = input[0] & 3;
        using var rig = new CaptureRig();
        var (client, server) = framing == 3 ? (EncodedRequest(body), Response(3, ReadOnlyMemory<byte>.Empty)) : (Request, Response(framing, body));
        ChunkFeeder.Feed(rig.Stage, 1, client, server, framing == 2 ? FeedControl.Closed : FeedControl.None, input[0] >> 2);
        return rig.Finish(input.Length);
    }

    private byte[] EncodedRequest(ReadOnlyMemory<byte> body) =>
        [.. System.Text.Encoding.ASCII.GetBytes($"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Encoding: {encoding}\r\nContent-Length: {body.Length}\r\n\r\n"), .. body.Span];

    private byte[] Response(int framing, ReadOnlyMemory<byte> body)
    {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        if (framing != 3)
        {
            head.Append("Content-Encoding: ").Append(encoding).Append("\r\n");
        }

        switch (framing)
        {
            case 1:
                head.Append("Transfer-Encoding: chunked\r\n\r\n");
                return [.. System.Text.Encoding.ASCII.GetBytes(head.ToString()), .. Chunked(body.Span)];
            case 2:
                head.Append("Connection: close\r\n\r\n");
                break;
            default:
                head.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
                break;
        }

        return [.. System.Text.Encoding.ASCII.GetBytes(head.ToString()), .. body.Span];
    }

    private static byte[] Chunked(ReadOnlySpan<byte> body)
    {
        var output = new MemoryStream();
        for (var at = 0; at < body.Length; at += 8192)
        {
            var count = Math.Min(8192, body.Length - at);
            output.Write(System.Text.Encoding.ASCII.GetBytes($"{count:x}\r\n"));
            output.Write(body.Slice(at, count));
            output.Write("\r\n"u8);
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }
}
