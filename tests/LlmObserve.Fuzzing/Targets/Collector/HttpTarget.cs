namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>
/// HTTP/1.1 reassembly (heads, Content-Length, chunked, close-delimited, pipelining, upgrades, losses) in
/// <see cref="LlmObserve.Collector.Pipeline.Http.HttpStage"/>, with the recognizer and exchange builder behind it.
/// Input: a control byte (<see cref="FeedControl"/>), a split seed byte, the client's bytes, <see cref="Marker"/>,
/// the server's bytes.
/// </summary>
public sealed class HttpTarget : CollectorTarget
{
    /// <summary>Separates the client's bytes from the server's in an input.</summary>
    public static readonly byte[] Marker = "\0@@server@@\0"u8.ToArray();

    public override string Name => "http";

    public override string Parser => "HttpStage (HttpConnection, MessageReader, HeadParser, ChunkedDecoder, BodyFraming) → LlmExchangeSink";

    public override IReadOnlyList<byte[]> Dictionary { get; } = [.. HttpTokens, Marker];

    public override ulong Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 2)
        {
            return 0;
        }

        var (client, server) = SplitAt(input.AsMemory(2), Marker);
        using var rig = new CaptureRig();
        ChunkFeeder.Feed(rig.Stage, 1, client, server, (FeedControl)input[0], input[1]);
        return rig.Finish(input.Length);
    }
}
