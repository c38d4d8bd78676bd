using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace LlmObserve.Data.Findings;

/// <summary>
/// A place in the findings feed: after the finding (storing transaction id, finding id). Feed
/// order is commit order, so a finding that commits late is still ahead of every position handed
/// out before it became visible. Opaque to clients as base64url with a leading format byte (so it
/// cannot be confused with a list cursor).
/// </summary>
public readonly record struct FeedPosition(long TxId, Guid Id)
{
    private const byte Format = (byte)'F';
    private const int Size = 1 + sizeof(long) + 16;

    /// <summary>Before every finding.</summary>
    public static FeedPosition Start { get; } = new(0, Guid.Empty);

    /// <summary>After every finding of transactions older than <paramref name="txId"/>.</summary>
    public static FeedPosition After(long txId) => new(txId - 1, Guid.AllBitsSet);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], TxId);
        Id.TryWriteBytes(bytes[(1 + sizeof(long))..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? text, [NotNullWhen(true)] out FeedPosition? position)
    {
        position = null;
        Span<byte> bytes = stackalloc byte[48];
        // IsValid first: TryDecodeFromChars throws, rather than answering false, on characters outside the alphabet.
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Base64Url.IsValid(text)
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Size || bytes[0] != Format)
        {
            return false;
        }

        var txId = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (txId < 0)
        {
            return false;
        }

        position = new FeedPosition(txId, new Guid(bytes[(1 + sizeof(long))..Size], bigEndian: true));
        return true;
    }
}
