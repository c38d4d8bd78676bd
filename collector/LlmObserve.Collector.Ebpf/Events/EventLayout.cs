using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Ebpf.Events;

// C# mirrors of bpf/llmobserve.h. Field names are the C names; the layout test compares sizes and
// offsets with the BTF of the compiled object, so a change on one side fails the build's tests.
#pragma warning disable SA1307, IDE1006, CA1707 // native names verbatim

internal enum EventKind : uint
{
    Data = 1,
    Conn = 2,
    Close = 3,
    Exec = 4,
    Exit = 5,
}

internal static class EventConstants
{
    public const int ChunkSize = 16384;
    public const int CommLength = 16;
    public const int FilenameLength = 256;
    public const byte SourceOpenSsl = 1;
    public const byte SourcePlaintext = 2;
    public const byte RoleClient = 1;
    public const byte RoleServer = 2;
    public const ushort AfInet = 2;
    public const ushort AfInet6 = 10;
}

[StructLayout(LayoutKind.Sequential)]
internal struct llmo_config
{
    public ulong conn_byte_cap;
    public uint collector_pid;
    public uint wakeup_bytes;
}

[StructLayout(LayoutKind.Sequential)]
internal struct llmo_event_header
{
    public EventKind kind;
    public uint flags;
    public ulong timestamp_ns;
    public uint pid;
    public uint tid;
    public ulong conn_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct llmo_data_event
{
    public llmo_event_header header;
    public ulong offset;
    public uint length;
    public byte direction;
    public byte source;
    public ushort _pad;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct llmo_conn_event
{
    public llmo_event_header header;
    public int fd;
    public ushort family;
    public ushort remote_port;
    public fixed byte remote_addr[16];
    public byte role;
    public byte source;
    public fixed byte _pad[6];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct llmo_proc_event
{
    public llmo_event_header header;
    public uint ppid;
    public uint exit_code;
    public fixed byte comm[EventConstants.CommLength];
    public fixed byte filename[EventConstants.FilenameLength];
}
#pragma warning restore SA1307, IDE1006, CA1707
