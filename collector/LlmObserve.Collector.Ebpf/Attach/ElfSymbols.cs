using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LlmObserve.Collector.Ebpf.Attach;

/// <summary>A function found in an ELF file: where it is loaded, how long it is, and where its bytes are in the file.</summary>
internal readonly record struct ElfFunction(ulong Address, ulong Size, long FileOffset);

/// <summary>
/// The dynamic symbols of an x86-64 ELF file (a shared library or an executable that exports them, as
/// Node.js does for OpenSSL) and its loadable segments, to find functions and read their code. The files
/// come from any container on the node, so every size and offset is checked against the file: a
/// malformed file gives "not found", never an exception out of <see cref="TryRead"/>. Holds the file open
/// for <see cref="ReadCode"/> until disposed.
/// </summary>
internal sealed class ElfSymbols : IDisposable
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const int SymbolSize = 24;
    private const uint SectionDynSym = 11;
    private const uint SegmentLoad = 1;
    private const byte SymbolTypeFunction = 2;
    private const ushort MachineX8664 = 62;

    /// <summary>Bounds what is read from a file's tables (Node.js's are a few MB).</summary>
    private const long MaxTableBytes = 64L << 20;

    private readonly SafeFileHandle _file;
    private readonly List<(ulong Address, ulong Size, long Offset)> _segments;
    private readonly Dictionary<string, ElfFunction> _functions;

    private ElfSymbols(SafeFileHandle file, List<(ulong Address, ulong Size, long Offset)> segments, Dictionary<string, ElfFunction> functions)
    {
        _file = file;
        _segments = segments;
        _functions = functions;
    }

    /// <summary>Reads the dynamic function symbols named in <paramref name="wanted"/>; null when the file is not a readable x86-64 ELF.</summary>
    public static ElfSymbols? TryRead(string path, IReadOnlySet<string> wanted)
    {
        SafeFileHandle? file = null;
        try
        {
            file = File.OpenHandle(path);
            var length = RandomAccess.GetLength(file);
            var header = Read(file, 0, HeaderSize, length);
            if (!header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1
                || BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18)) != MachineX8664)
            {
                return null; // not 64-bit little-endian x86-64
            }

            var segments = ReadSegments(file, header, length);
            var sections = ReadTable(file, (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(40)),
                BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(60)), BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(58)), SectionHeaderSize, length);
            var functions = new Dictionary<string, ElfFunction>(StringComparer.Ordinal);
            for (var i = 0; i + SectionHeaderSize <= sections.Length; i += SectionHeaderSize)
            {
                var section = sections.AsSpan(i, SectionHeaderSize);
                if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != SectionDynSym)
                {
                    continue;
                }

                var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[40..]);
                if ((long)(link + 1) * SectionHeaderSize > sections.Length)
                {
                    throw new InvalidDataException("symbol table links to no section");
                }

                var symbols = ReadSection(file, section, length);
                var strings = ReadSection(file, sections.AsSpan(link * SectionHeaderSize, SectionHeaderSize), length);
                CollectFunctions(symbols, strings, segments, wanted, functions);
            }

            var result = new ElfSymbols(file, segments, functions);
            file = null; // owned by the result now
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            return null;
        }
        finally
        {
            file?.Dispose();
        }
    }

    public bool TryFind(string name, out ElfFunction function) => _functions.TryGetValue(name, out function);

    /// <summary>The first bytes of a function's code (at most <paramref name="max"/>).</summary>
    public byte[] ReadCode(ElfFunction function, int max)
    {
        var count = (int)Math.Min((ulong)max, function.Size == 0 ? (ulong)max : function.Size);
        return Read(_file, function.FileOffset, count, RandomAccess.GetLength(_file));
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Where the byte loaded at <paramref name="address"/> (a call's target) is in the file, if it lies in a loaded segment.</summary>
    public long? FileOffsetOf(ulong address) => FileOffsetOf(_segments, address);

    private static void CollectFunctions(byte[] symbols, byte[] strings, List<(ulong Address, ulong Size, long Offset)> segments,
        IReadOnlySet<string> wanted, Dictionary<string, ElfFunction> functions)
    {
        for (var i = 0; i + SymbolSize <= symbols.Length; i += SymbolSize)
        {
            var symbol = symbols.AsSpan(i, SymbolSize);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(symbol[8..]);
            if ((symbol[4] & 0xf) != SymbolTypeFunction || value == 0 || BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]) == 0)
            {
                continue; // not a defined function
            }

            var nameAt = BinaryPrimitives.ReadUInt32LittleEndian(symbol);
            if (nameAt >= strings.Length)
            {
                continue;
            }

            var nameBytes = strings.AsSpan((int)nameAt);
            var end = nameBytes.IndexOf((byte)0);
            var name = Encoding.ASCII.GetString(end < 0 ? nameBytes : nameBytes[..end]);
            if (wanted.Contains(name) && FileOffsetOf(segments, value) is { } offset)
            {
                functions[name] = new ElfFunction(value, BinaryPrimitives.ReadUInt64LittleEndian(symbol[16..]), offset);
            }
        }
    }

    private static List<(ulong Address, ulong Size, long Offset)> ReadSegments(SafeFileHandle file, byte[] header, long length)
    {
        var table = ReadTable(file, (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(32)),
            BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(56)), BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(54)), ProgramHeaderSize, length);
        var segments = new List<(ulong, ulong, long)>();
        for (var i = 0; i + ProgramHeaderSize <= table.Length; i += ProgramHeaderSize)
        {
            var segment = table.AsSpan(i, ProgramHeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(segment) == SegmentLoad)
            {
                segments.Add((BinaryPrimitives.ReadUInt64LittleEndian(segment[16..]), BinaryPrimitives.ReadUInt64LittleEndian(segment[32..]),
                    (long)BinaryPrimitives.ReadUInt64LittleEndian(segment[8..])));
            }
        }

        return segments;
    }

    private static byte[] ReadTable(SafeFileHandle file, long offset, int count, int entrySize, int expectedEntrySize, long length)
    {
        if (count == 0)
        {
            return [];
        }

        if (entrySize != expectedEntrySize)
        {
            throw new InvalidDataException("unexpected ELF table entry size");
        }

        return Read(file, offset, count * entrySize, length);
    }

    private static byte[] ReadSection(SafeFileHandle file, ReadOnlySpan<byte> section, long length) =>
        Read(file, (long)BinaryPrimitives.ReadUInt64LittleEndian(section[24..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(section[32..]), length);

    private static byte[] Read(SafeFileHandle file, long offset, long count, long length)
    {
        if (offset < 0 || count < 0 || count > MaxTableBytes || offset > length - count)
        {
            throw new InvalidDataException("ELF offset or size outside the file");
        }

        var bytes = new byte[count];
        if (RandomAccess.Read(file, bytes, offset) != count)
        {
            throw new InvalidDataException("ELF file shorter than its tables say");
        }

        return bytes;
    }

    private static long? FileOffsetOf(List<(ulong Address, ulong Size, long Offset)> segments, ulong address)
    {
        foreach (var (start, size, offset) in segments)
        {
            if (address >= start && address - start < size)
            {
                return offset + (long)(address - start);
            }
        }

        return null;
    }
}
