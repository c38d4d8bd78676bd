using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Collector.Pipeline.Http;
using LlmObserve.Collector.Pipeline.Tests.Support;
using static LlmObserve.Collector.Pipeline.Tests.Support.HttpBytes;

namespace LlmObserve.Collector.Pipeline.Tests.Http;

/// <summary>
/// Seeded random input, so a failure is reproducible: raw noise, and real HTTP with bytes flipped,
/// inserted or removed, cut at random points, with random gaps, replays and kernel flags. Nothing may
/// throw, and every buffer must be back once all connections are closed.
/// </summary>
public sealed class HttpStageFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        JsonPost("/v1/chat/completions", "api.openai.com", """{"model":"gpt-4o","messages":[]}"""),
        JsonOk("""{"choices":[]}"""),
        Message(["HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Content-Encoding: gzip"], Chunked(Gzip(Text(3000, 9)), 300)),
        Message(["HTTP/1.1 200 OK", "Content-Encoding: br", "Content-Type: text/event-stream"], Brotli(Text(2000, 10))),
        Message(["HTTP/1.1 100 Continue"]),
        Message(["HEAD / HTTP/1.1", "Host: x"]),
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(),
    ];

    [Fact]
    public void OnChunk_ThousandsOfRandomInputs_NeverThrowsAndReleasesEveryBuffer()
    {
        var random = new Random(20260301);
        var options = new HttpStageOptions { MaxBodyBytes = 4096, MaxHeadBytes = 2048, MaxDecodedBytes = 64 * 1024, MaxConnections = 16, MaxResyncBytes = 10_000 };
        var sink = new RecordingSink();
        var control = new RecordingControl();
        using var stage = new HttpStage(options, sink, control);

        for (var iteration = 0; iteration < 4000; iteration++)
        {
            var feeder = new ConnectionFeeder(stage, (ulong)random.Next(1, 40), pid: iteration);
            sink.Wanted = (_, _) => random.Next(4) != 0;
            if (random.Next(3) != 0)
            {
                feeder.Open();
            }

            for (var message = random.Next(1, 6); message > 0; message--)
            {
                var data = Mutate(random, random.Next(5) == 0 ? Noise(random) : Seeds[random.Next(Seeds.Length)]);
                var direction = random.Next(2) == 0 ? StreamDirection.Egress : StreamDirection.Ingress;
                FeedRandomly(random, feeder, direction, data);
            }

            if (random.Next(4) == 0)
            {
                stage.Sweep(feeder.Now.AddMinutes(random.Next(4)));
            }
            else if (random.Next(2) == 0)
            {
                feeder.Close();
            }
        }

        stage.Sweep(DateTimeOffset.MaxValue);
        Assert.Equal(0, stage.TrackedConnections);
        Assert.Equal(0, stage.BufferedBytes);
        Assert.True(sink.Exchanges.Count > 100 && control.Muted.Count > 100, $"{sink.Exchanges.Count} exchanges, {control.Muted.Count} mutes");
    }

    private static void FeedRandomly(Random random, ConnectionFeeder feeder, StreamDirection direction, byte[] data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var size = Math.Min(data.Length - at, random.Next(4) == 0 ? 1 : random.Next(1, 2000));
            var roll = random.Next(40);
            if (roll == 0)
            {
                feeder.Lose(direction, random.Next(1, 500));
            }

            var flags = roll == 1 ? ChunkFlags.Truncated : roll == 2 ? ChunkFlags.LostBefore : ChunkFlags.None;
            feeder.Chunk(direction, data.AsSpan(at, size), flags, roll == 3 ? (ulong)random.Next(0, 100) : null);
            at += size;
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var data = new List<byte>(seed);
        for (var edits = random.Next(0, 4); edits > 0 && data.Count > 0; edits--)
        {
            var at = random.Next(data.Count);
            switch (random.Next(3))
            {
                case 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 1:
                    data.Insert(at, (byte)"\r\n:; 0aZ"[random.Next(8)]);
                    break;
                default:
                    data.RemoveAt(at);
                    break;
            }
        }

        return [.. data];
    }

    private static byte[] Noise(Random random)
    {
        var data = new byte[random.Next(1, 3000)];
        random.NextBytes(data);
        return data;
    }
}
