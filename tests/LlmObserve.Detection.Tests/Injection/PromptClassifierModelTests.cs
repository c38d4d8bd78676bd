using System.Reflection;
using LlmObserve.Detection.Detectors;

namespace LlmObserve.Detection.Tests.Injection;

/// <summary>The shipped model file: it loads, round-trips, and a damaged one fails with a message that says why.</summary>
public sealed class PromptClassifierModelTests
{
    [Fact]
    public void Default_EmbeddedModel_LoadsAndIsSmall()
    {
        using var stream = typeof(PromptClassifier).Assembly.GetManifestResourceStream(PromptClassifier.ResourceName);

        Assert.NotNull(stream);
        Assert.InRange(stream.Length, PromptClassifierModel.HeaderSize, 300 * 1024);
        Assert.Equal(17, PromptClassifier.Default.Model.HashBits);
        Assert.True(PromptClassifier.Default.Model.NonZeroWeights > 1000);
    }

    [Fact]
    public void Read_WrittenModel_RoundTrips()
    {
        var model = PromptClassifierModel.Quantize(8, 16, 4, -1.5f, Enumerable.Range(0, 256).Select(i => (i % 7) - 3f).ToArray());

        var read = PromptClassifierModel.Read(model.ToBytes());

        Assert.Equal((8, 16, 4, -1.5f, model.Scale), (read.HashBits, read.WindowSize, read.WindowStride, read.Bias, read.Scale));
        Assert.Equal(model.ToBytes(), read.ToBytes());
    }

    [Theory]
    [InlineData("flip-weight", "checksum")]
    [InlineData("magic", "magic")]
    [InlineData("truncate", "bytes")]
    [InlineData("format", "format version")]
    [InlineData("features", "feature version")]
    [InlineData("empty", "magic")]
    public void Read_DamagedBuffer_FailsWithAClearMessage(string damage, string expected)
    {
        var bytes = Shipped();
        bytes = damage switch
        {
            "flip-weight" => Flip(bytes, PromptClassifierModel.HeaderSize + 1000),
            "magic" => Flip(bytes, 0),
            "truncate" => bytes[..^10],
            "format" => Set(bytes, 4, 9),
            "features" => Set(bytes, 6, 99),
            _ => [],
        };

        var error = Assert.Throws<InvalidDataException>(() => PromptClassifier.Load(bytes));

        Assert.StartsWith("The injection classifier model is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Shipped()
    {
        using var stream = Assembly.GetAssembly(typeof(PromptClassifier))!.GetManifestResourceStream(PromptClassifier.ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0x5A;
        return bytes;
    }

    private static byte[] Set(byte[] bytes, int at, byte value)
    {
        bytes[at] = value;
        return bytes;
    }
}
