using System.Buffers.Binary;
using System.Globalization;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// The trained weights of the prompt classifier: a logistic regression over hashed token unigrams and bigrams
/// (<see cref="PromptTokenizer"/>), weights quantized to one signed byte each.
/// </summary>
/// <remarks>
/// File format, little-endian, <see cref="HeaderSize"/> bytes of header then the weights then a checksum:
/// <code>
/// 0  4  magic "LOIC"
/// 4  2  format version (1)
/// 6  2  feature version (PromptTokenizer.FeatureVersion)
/// 8  1  hash bits B: 2^B weights
/// 9  1  reserved, 0
/// 10 2  window size, tokens
/// 12 2  window stride, tokens
/// 14 2  reserved, 0
/// 16 4  bias, float32
/// 20 4  weight scale, float32: weight = sbyte * scale
/// 24 2^B  weights, sbyte
/// ..  4  FNV-1a 32 of every byte before it
/// </code>
/// </remarks>
public sealed class PromptClassifierModel
{
    public const int FormatVersion = 1;
    public const int HeaderSize = 24;
    private static ReadOnlySpan<byte> Magic => "LOIC"u8;

    public PromptClassifierModel(int hashBits, int windowSize, int windowStride, float bias, float scale, sbyte[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (hashBits is < 8 or > 24 || weights.Length != 1 << hashBits)
        {
            throw new ArgumentException($"need 2^{hashBits} weights, got {weights.Length}", nameof(weights));
        }

        if (windowSize is < 1 or > ushort.MaxValue || windowStride < 1 || windowStride > windowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(windowStride), "window stride must be between 1 and the window size");
        }

        HashBits = hashBits;
        WindowSize = windowSize;
        WindowStride = windowStride;
        Bias = bias;
        Scale = scale;
        Weights = weights;
    }

    public int HashBits { get; }

    public int WindowSize { get; }

    public int WindowStride { get; }

    public float Bias { get; }

    public float Scale { get; }

    /// <summary>The quantized weights, indexed by <c>hash &amp; (2^HashBits - 1)</c>. Not to be modified.</summary>
    internal sbyte[] Weights { get; }

    public uint Mask => (1u << HashBits) - 1;

    /// <summary>Weights that quantized to something other than zero: the features the model actually uses.</summary>
    public int NonZeroWeights => Weights.Count(w => w != 0);

    /// <summary>Reads and validates a model; a bad buffer gives an <see cref="InvalidDataException"/> that says what is wrong.</summary>
    public static PromptClassifierModel Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize + 4 || !data[..4].SequenceEqual(Magic))
        {
            throw Invalid("it does not start with the 'LOIC' magic (not a classifier model, or truncated)");
        }

        var format = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        var features = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        if (format != FormatVersion)
        {
            throw Invalid($"format version {format} is not supported (this build reads {FormatVersion})");
        }

        if (features != PromptTokenizer.FeatureVersion)
        {
            throw Invalid($"it was trained with feature version {features}, this build computes version {PromptTokenizer.FeatureVersion}: retrain it");
        }

        int bits = data[8];
        if (bits is < 8 or > 24)
        {
            throw Invalid($"hash bits {bits} is out of range 8..24");
        }

        var expected = HeaderSize + (1 << bits) + 4;
        if (data.Length != expected)
        {
            throw Invalid($"it has {data.Length} bytes, its header says {expected}");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        if (Checksum(data[..^4]) != stored)
        {
            throw Invalid("its checksum does not match (corrupted)");
        }

        int size = BinaryPrimitives.ReadUInt16LittleEndian(data[10..]);
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(data[12..]);
        var bias = BinaryPrimitives.ReadSingleLittleEndian(data[16..]);
        var scale = BinaryPrimitives.ReadSingleLittleEndian(data[20..]);
        if (size < 1 || stride < 1 || stride > size || !float.IsFinite(bias) || !float.IsFinite(scale) || scale <= 0)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"bad window ({size}/{stride}), bias ({bias}) or scale ({scale})"));
        }

        var weights = new sbyte[1 << bits];
        data.Slice(HeaderSize, weights.Length).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()));
        return new PromptClassifierModel(bits, size, stride, bias, scale, weights);
    }

    /// <summary>The model in the file format above.</summary>
    public byte[] ToBytes()
    {
        var data = new byte[HeaderSize + Weights.Length + 4];
        Magic.CopyTo(data);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), PromptTokenizer.FeatureVersion);
        data[8] = (byte)HashBits;
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), (ushort)WindowSize);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), (ushort)WindowStride);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(16), Bias);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(20), Scale);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(Weights.AsSpan()).CopyTo(data.AsSpan(HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(data.Length - 4), Checksum(data.AsSpan(0, data.Length - 4)));
        return data;
    }

    /// <summary>Quantizes float weights to the stored form (scale = largest magnitude / 127).</summary>
    public static PromptClassifierModel Quantize(int hashBits, int windowSize, int windowStride, float bias, ReadOnlySpan<float> weights)
    {
        var max = 0f;
        foreach (var w in weights)
        {
            max = Math.Max(max, Math.Abs(w));
        }

        var scale = max > 0 ? max / 127f : 1f;
        var quantized = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(weights[i] / scale), -127, 127);
        }

        return new PromptClassifierModel(hashBits, windowSize, windowStride, bias, scale, quantized);
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private static InvalidDataException Invalid(string why) => new($"The injection classifier model is invalid: {why}.");
}
