using System.Globalization;
using System.Text;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// Makes a new input from a corpus entry with one to four stacked edits, all drawn from one seeded
/// <see cref="Random"/>: bit and byte flips, interesting bytes, inserted, deleted and duplicated ranges,
/// splices with another corpus entry, the target's dictionary tokens, and boundary values written into
/// binary length fields or over decimal and hex numbers in text.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> dictionary, int maxLength)
{
    private static readonly byte[] InterestingBytes = [0, 1, 0x7F, 0x80, 0xFF, (byte)'\r', (byte)'\n', (byte)':', (byte)' ', (byte)'"', (byte)'{', (byte)'}', (byte)'0', (byte)'9'];

    private static readonly ulong[] BoundaryValues =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x3FFF, 0x4000, 0x4001, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, ulong.MaxValue,
    ];

    private static readonly string[] NumberTexts =
    [
        "0", "1", "-1", "00", "+1", "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "99999999999999999999", "7fffffff", "ffffffff", "FFFFFFFFFFFFFFFF", "1e309", "0x10", " 1", "",
    ];

    /// <summary>A mutated copy of <paramref name="parent"/>; <paramref name="corpus"/> gives splice partners.</summary>
    public byte[] Mutate(byte[] parent, IReadOnlyList<byte[]> corpus)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(corpus);
        var data = new List<byte>(parent);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits; i++)
        {
            Edit(data, corpus);
        }

        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }

        return [.. data];
    }

    private void Edit(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        switch (random.Next(data.Count == 0 ? 3 : 12))
        {
            case 0:
                data.InsertRange(Position(data, inclusiveEnd: true), RandomBytes(1 + random.Next(8)));
                break;
            case 1:
                data.InsertRange(Position(data, inclusiveEnd: true), Token());
                break;
            case 2:
                Splice(data, corpus[random.Next(corpus.Count)]);
                break;
            case 3:
                data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 4:
                data[random.Next(data.Count)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 5:
                data[random.Next(data.Count)] = (byte)random.Next(256);
                break;
            case 6:
                {
                    var (start, length) = Range(data);
                    data.RemoveRange(start, length);
                    break;
                }

            case 7:
                {
                    var (start, length) = Range(data);
                    data.InsertRange(Position(data, inclusiveEnd: true), data.GetRange(start, length));
                    break;
                }

            case 8:
                Overwrite(data, Token());
                break;
            case 9:
                WriteBinaryBoundary(data);
                break;
            case 10:
                ReplaceNumberText(data);
                break;
            default:
                Truncate(data);
                break;
        }
    }

    private void Truncate(List<byte> data)
    {
        var keep = random.Next(data.Count + 1);
        data.RemoveRange(keep, data.Count - keep);
    }

    private void Splice(List<byte> data, byte[] other)
    {
        var keep = random.Next(data.Count + 1);
        var from = random.Next(other.Length + 1);
        data.RemoveRange(keep, data.Count - keep);
        data.AddRange(other.AsSpan(from).ToArray());
    }

    private void Overwrite(List<byte> data, byte[] bytes)
    {
        var at = random.Next(data.Count);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (at + i < data.Count)
            {
                data[at + i] = bytes[i];
            }
            else
            {
                data.Add(bytes[i]);
            }
        }
    }

    /// <summary>A boundary value as a 1, 2, 4 or 8-byte little- or big-endian integer over the bytes at a random place.</summary>
    private void WriteBinaryBoundary(List<byte> data)
    {
        var value = BoundaryValues[random.Next(BoundaryValues.Length)];
        if (random.Next(4) == 0)
        {
            value = (ulong)data.Count + (ulong)(random.Next(5) - 2); // near the input's own length
        }

        var width = 1 << random.Next(4);
        var bytes = new byte[width];
        for (var i = 0; i < width; i++)
        {
            bytes[i] = (byte)(value >> (8 * i));
        }

        if (random.Next(2) == 0)
        {
            Array.Reverse(bytes);
        }

        Overwrite(data, bytes);
    }

    /// <summary>Replaces a run of hex digits (a Content-Length, a chunk size, a JSON number) with a boundary number.</summary>
    private void ReplaceNumberText(List<byte> data)
    {
        var start = random.Next(data.Count);
        while (start < data.Count && !Uri.IsHexDigit((char)data[start]))
        {
            start++;
        }

        if (start == data.Count)
        {
            data.InsertRange(random.Next(data.Count + 1), Encoding.ASCII.GetBytes(NumberTexts[random.Next(NumberTexts.Length)]));
            return;
        }

        var end = start;
        while (end < data.Count && Uri.IsHexDigit((char)data[end]))
        {
            end++;
        }

        var text = random.Next(3) == 0
            ? random.NextInt64().ToString(CultureInfo.InvariantCulture) is var n ? n[..Math.Min(n.Length, 1 + random.Next(18))] : string.Empty
            : NumberTexts[random.Next(NumberTexts.Length)];
        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.ASCII.GetBytes(text));
    }

    private byte[] Token() => dictionary.Count == 0 ? RandomBytes(2) : dictionary[random.Next(dictionary.Count)];

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private int Position(List<byte> data, bool inclusiveEnd) => random.Next(data.Count + (inclusiveEnd ? 1 : 0));

    /// <summary>A range biased to short lengths (most edits are local), sometimes long.</summary>
    private (int Start, int Length) Range(List<byte> data)
    {
        var start = random.Next(data.Count);
        var room = data.Count - start;
        var length = 1 + random.Next(Math.Min(room, random.Next(8) == 0 ? room : 16));
        return (start, length);
    }
}
