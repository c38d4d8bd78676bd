using System.Text;
using LlmObserve.Collector.Pipeline.Content;
using LlmObserve.Fuzzing.Corpus;
using LlmObserve.Fuzzing.Harness;
using LlmObserve.Fuzzing.Targets.Backend;
using LlmObserve.Fuzzing.Targets.Collector;

namespace LlmObserve.Fuzzing.Tests;

/// <summary>Compression bombs of 1 GiB stop at the production caps, quickly and without holding what they decode.</summary>
public sealed class BombTests
{
    private const int GiB = 1024;

    public static TheoryData<string> Codings() => ["gzip", "deflate", "br"];

    [Theory]
    [MemberData(nameof(Codings))]
    public void CollectorBomb_OfOneGibibyte_StopsAtTheDecodedSizeCap(string coding)
    {
        var bomb = coding switch
        {
            "gzip" => Bombs.Gzip(GiB),
            "deflate" => Bombs.Deflate(GiB),
            _ => Bombs.Brotli(GiB),
        };
        var request = Encoding.ASCII.GetBytes("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: 2\r\n\r\n{}");
        var response = (byte[])[.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: {coding}\r\nContent-Length: {bomb.Length}\r\n\r\n"), .. bomb];
        using var rig = new CaptureRig();
        var before = GC.GetAllocatedBytesForCurrentThread();

        ChunkFeeder.Feed(rig.Stage, 1, request, response, FeedControl.Closed, seed: 1);
        rig.Finish(request.Length + response.Length);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var body = Assert.Single(rig.Exchanges).ResponseBody!;
        Assert.Equal(DecodeErrors.DecodedSizeCap, body.DecodeError);
        Assert.InRange(body.DecodedSize, CaptureRig.Options.MaxDecodedBytes, CaptureRig.Options.MaxDecodedBytes + (16 * 1024));
        Assert.Equal(CaptureRig.Options.MaxBodyBytes, body.Content.Length);
        Assert.True(body.Truncated);
        Assert.InRange(allocated, 0, (3L * bomb.Length) + (24L << 20));
    }

    [Theory]
    [MemberData(nameof(Codings))]
    public void CorpusBomb_RunsWithinTheTargetsBounds(string coding)
    {
        var target = new ContentTarget(coding);
        var bombs = Directory.EnumerateFiles(Path.Combine(CorpusStore.SourceDirectory, target.Name), "bomb-*").ToList();

        Assert.NotEmpty(bombs);
        foreach (var bomb in bombs)
        {
            var outcome = InputRunner.Execute(target, File.ReadAllBytes(bomb), TimeSpan.FromSeconds(5));
            Assert.True(outcome.Kind is null, $"{bomb}: {outcome.Detail}");
        }
    }

    [Fact]
    public void IngestBomb_OfOneGibibyte_IsRefusedAtTheDecompressedSizeCap()
    {
        var target = new IngestBatchTarget();
        byte[] bomb = [1, .. Bombs.Gzip(GiB, (byte)' ')];

        var (status, batch, message) = IngestBatchTarget.Post(bomb);
        var outcome = InputRunner.Execute(target, bomb, TimeSpan.FromSeconds(5));

        Assert.Equal(413, status);
        Assert.Null(batch);
        Assert.Contains("once decompressed", message, StringComparison.Ordinal);
        Assert.True(outcome.Kind is null, outcome.Detail);
    }
}
