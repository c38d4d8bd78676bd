using System.Buffers.Binary;
using System.Text;

namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>
/// Ring-buffer records in the layouts of <c>bpf/llmobserve.h</c> (the collector's structs are internal; the
/// collector's layout test keeps both sides equal): a 32-byte header, then the event's fields.
/// </summary>
public static class EventRecords
{
    public const int HeaderSize = 32;
    public const int DataSize = 48;
    public const int ConnSize = 64;
    public const int ProcSize = 312;

    /// <summary>A data event: header (kind 1), offset, length, direction (0 egress, 1 ingress), source (1 OpenSSL, 2 plaintext).</summary>
    public static byte[] Data(ulong connectionId, ulong timestampNs, ulong offset, byte direction, byte source, uint flags, ReadOnlySpan<byte> data)
    {
        var record = new byte[DataSize + data.Length];
        Header(record, 1, flags, timestampNs, connectionId);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), offset);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(40), (uint)data.Length);
        record[44] = direction;
        record[45] = source;
        data.CopyTo(record.AsSpan(DataSize));
        return record;
    }

    /// <summary>A connection event (kind 2) for an IPv4 peer.</summary>
    public static byte[] Connection(ulong connectionId, ulong timestampNs, byte[] ipv4, ushort port, byte source)
    {
        ArgumentNullException.ThrowIfNull(ipv4);
        var record = new byte[ConnSize];
        Header(record, 2, 0, timestampNs, connectionId);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(32), 7);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(36), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(38), port);
        ipv4.CopyTo(record.AsSpan(40));
        record[56] = 1;
        record[57] = source;
        return record;
    }

    /// <summary>A close event (kind 3): the header alone.</summary>
    public static byte[] Close(ulong connectionId, ulong timestampNs)
    {
        var record = new byte[HeaderSize];
        Header(record, 3, 0, timestampNs, connectionId);
        return record;
    }

    /// <summary>An exec (kind 4) or exit (kind 5) event.</summary>
    public static byte[] Process(bool exec, ulong timestampNs, string command, string filename, uint exitCode)
    {
        var record = new byte[ProcSize];
        Header(record, exec ? 4u : 5u, 0, timestampNs, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(32), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(36), exitCode);
        Encoding.UTF8.GetBytes(command, record.AsSpan(40, 16));
        Encoding.UTF8.GetBytes(filename, record.AsSpan(56, 256));
        return record;
    }

    /// <summary>Records as the target reads them: each behind its 2-byte little-endian length.</summary>
    public static byte[] Frame(IEnumerable<byte[]> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var output = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var record in records)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)record.Length);
            output.Write(length);
            output.Write(record);
        }

        return output.ToArray();
    }

    private static void Header(Span<byte> record, uint kind, uint flags, ulong timestampNs, ulong connectionId)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, kind);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(record[8..], timestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 4242);
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 4243);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], connectionId);
    }
}
