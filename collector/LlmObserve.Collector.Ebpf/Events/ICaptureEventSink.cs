using LlmObserve.Collector.Pipeline.Capture;

namespace LlmObserve.Collector.Ebpf.Events;

/// <summary>A process started (exec) or ended (exit), as the kernel reported it.</summary>
public sealed record ProcessEvent(int Pid, int ParentPid, string Command, string? Executable, int ExitCode, DateTimeOffset At);

/// <summary>Receives decoded kernel events, on the single thread that drains the ring buffer.</summary>
public interface ICaptureEventSink
{
    /// <summary>A data chunk; its bytes are valid only during the call.</summary>
    void OnData(in DataChunk chunk);

    void OnConnection(ConnectionOpened connection);

    void OnClose(ulong connectionId, DateTimeOffset at);

    void OnExec(ProcessEvent process);

    void OnExit(ProcessEvent process);
}
