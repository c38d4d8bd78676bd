using System.IO.Compression;

namespace LlmObserve.Fuzzing.Corpus;

/// <summary>
/// Compression bombs: a lot of one byte, compressed. gzip bombs are concatenated members of one compressed MiB
/// (valid gzip, and how the runtime's GZipStream reads it), so a 1 GiB bomb is built in milliseconds.
/// </summary>
public static class Bombs
{
    private const int MiB = 1 << 20;

    /// <summary>gzip of <paramref name="mebibytes"/> MiB of <paramref name="fill"/>, as concatenated gzip members.</summary>
    public static byte[] Gzip(int mebibytes, byte fill = 0)
    {
        var member = Compress(fill, 1, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        var output = new byte[member.Length * mebibytes];
        for (var i = 0; i < mebibytes; i++)
        {
            member.CopyTo(output, i * member.Length);
        }

        return output;
    }

    /// <summary>zlib-wrapped deflate (HTTP's "deflate") of <paramref name="mebibytes"/> MiB of zeros, one stream.</summary>
    public static byte[] Deflate(int mebibytes) => Compress(0, mebibytes, s => new ZLibStream(s, CompressionLevel.SmallestSize, leaveOpen: true));

    /// <summary>Brotli of <paramref name="mebibytes"/> MiB of zeros, one stream.</summary>
    public static byte[] Brotli(int mebibytes) => Compress(0, mebibytes, s => new BrotliStream(s, CompressionLevel.Optimal, leaveOpen: true));

    private static byte[] Compress(byte fill, int mebibytes, Func<Stream, Stream> open)
    {
        var block = new byte[MiB];
        Array.Fill(block, fill);
        var output = new MemoryStream();
        using (var compressor = open(output))
        {
            for (var i = 0; i < mebibytes; i++)
            {
                compressor.Write(block);
            }
        }

        return output.ToArray();
    }
}
