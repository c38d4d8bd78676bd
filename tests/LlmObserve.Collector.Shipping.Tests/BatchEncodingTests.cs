using System.IO.Compression;
using LlmObserve.Contracts.Capture;
using LlmObserve.Testing;

namespace LlmObserve.Collector.Shipping.Tests;

public sealed class BatchEncodingTests
{
    [Fact]
    public void EncodeWithin_TextTheEstimateUnderrates_SplitsUntilEveryBatchIsWithinTheLimit()
    {
        // \uXXXX escaping makes this 6 bytes of JSON per character: the estimate is far too low.
        var exchanges = Enumerable.Range(0, 30).Select(_ => SampleExchanges.ChatCompletion("q")).Select(e => e with { Request = e.Request with { Body = new string('漢', 1500) } }).ToList();
        Assert.True(exchanges.Sum(BatchEncoding.EstimateJsonBytes) < 100_000);

        var batches = BatchEncoding.EncodeWithin(exchanges, 32 << 10).ToList();

        Assert.True(batches.Count >= 8, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.InRange(JsonLength(b.Payload), 1, 32 << 10));
        Assert.Equal(exchanges.Select(e => e.Id), batches.SelectMany(b => BatchEncoding.Decode(b.Payload).Exchanges).Select(e => e.Id));
    }

    [Fact]
    public void Verify_TruncatedOrForeignData_Throws()
    {
        var payload = Assert.Single(BatchEncoding.EncodeWithin([SampleExchanges.ChatCompletion(ShippingTestBed.Noise(4000))], long.MaxValue)).Payload;

        BatchEncoding.Verify(payload);
        Assert.Throws<InvalidDataException>(() => BatchEncoding.Verify(payload[..^1]));
        Assert.Throws<InvalidDataException>(() => BatchEncoding.Verify(payload[..(payload.Length / 2)]));
        Assert.Throws<InvalidDataException>(() => BatchEncoding.Verify("{\"schemaVersion\":1}"u8.ToArray()));
    }

    [Fact]
    public void EncodeWithin_Payload_IsTheContractsCaptureBatch()
    {
        var exchange = SampleExchanges.ChatCompletion("hello");

        var batch = BatchEncoding.Decode(Assert.Single(BatchEncoding.EncodeWithin([exchange], 1 << 20)).Payload);

        Assert.Equal(CaptureSchema.CurrentVersion, batch.SchemaVersion);
        Assert.Equal(exchange.Id, Assert.Single(batch.Exchanges).Id);
    }

    private static long JsonLength(byte[] payload)
    {
        using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.Length;
    }
}
