using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using LlmObserve.Collector.Pipeline;
using LlmObserve.Collector.Pipeline.Capture;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Collector.Ebpf.Events;

/// <summary>
/// Decodes ring-buffer records (layouts in bpf/llmobserve.h) and hands them to a handler. A record
/// that is too short or of an unknown kind is counted (<c>dropped.decoder.*</c>) and skipped.
/// </summary>
public sealed class EventDecoder(KernelClock clock, ICaptureEventSink handler)
{
    private static readonly int HeaderSize = Marshal.SizeOf<llmo_event_header>();
    private static readonly int DataSize = Marshal.SizeOf<llmo_data_event>();

    public void Decode(ReadOnlyMemory<byte> record)
    {
        var span = record.Span;
        if (span.Length < HeaderSize)
        {
            CollectorMetrics.Dropped("decoder", "short_record");
            return;
        }

        var header = MemoryMarshal.Read<llmo_event_header>(span);
        var at = clock.ToWallClock(header.timestamp_ns);
        switch (header.kind)
        {
            case EventKind.Data when span.Length >= DataSize:
                DecodeData(record, header, at);
                break;
            case EventKind.Conn when span.Length >= Marshal.SizeOf<llmo_conn_event>():
                handler.OnConnection(DecodeConnection(MemoryMarshal.Read<llmo_conn_event>(span)));
                break;
            case EventKind.Close:
                handler.OnClose(header.conn_id, at);
                break;
            case EventKind.Exec or EventKind.Exit when span.Length >= Marshal.SizeOf<llmo_proc_event>():
                var process = DecodeProcess(MemoryMarshal.Read<llmo_proc_event>(span), at);
                if (header.kind == EventKind.Exec)
                {
                    handler.OnExec(process);
                }
                else
                {
                    handler.OnExit(process);
                }

                break;
            default:
                CollectorMetrics.Dropped("decoder", "unknown_or_short_record");
                break;
        }
    }

    private void DecodeData(ReadOnlyMemory<byte> record, in llmo_event_header header, DateTimeOffset at)
    {
        var data = MemoryMarshal.Read<llmo_data_event>(record.Span);
        if (data.length > record.Length - DataSize || data.direction > 1)
        {
            CollectorMetrics.Dropped("decoder", "bad_data_record");
            return;
        }

        var chunk = new DataChunk(
            header.conn_id,
            (int)header.pid,
            (int)header.tid,
            ToSource(data.source),
            (StreamDirection)data.direction,
            data.offset,
            at,
            (ChunkFlags)header.flags,
            record.Slice(DataSize, (int)data.length));
        handler.OnData(chunk);
    }

    private static unsafe ConnectionOpened DecodeConnection(llmo_conn_event e)
    {
        CapturedConnection? addresses = null;
        if (e.family is EventConstants.AfInet or EventConstants.AfInet6)
        {
            var length = e.family == EventConstants.AfInet ? 4 : 16;
            var address = new IPAddress(new ReadOnlySpan<byte>(e.remote_addr, length));
            addresses = new CapturedConnection { RemoteAddress = address.ToString(), RemotePort = e.remote_port };
        }

        return new ConnectionOpened(e.header.conn_id, (int)e.header.pid, ToSource(e.source), addresses);
    }

    private static unsafe ProcessEvent DecodeProcess(llmo_proc_event e, DateTimeOffset at)
    {
        var command = CString(new ReadOnlySpan<byte>(e.comm, EventConstants.CommLength));
        var filename = CString(new ReadOnlySpan<byte>(e.filename, EventConstants.FilenameLength));
        return new ProcessEvent((int)e.header.pid, (int)e.ppid, command, filename.Length == 0 ? null : filename, (int)e.exit_code, at);
    }

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static CaptureSource ToSource(byte source) =>
        source == EventConstants.SourcePlaintext ? CaptureSource.PlaintextSocket : CaptureSource.OpenSslUprobe;
}
