using System.Buffers.Binary;
using LlmObserve.Collector.Ebpf.Events;
using LlmObserve.Collector.Pipeline.Capture;

namespace LlmObserve.Fuzzing.Targets.Collector;

/// <summary>
/// The ring-buffer record decoder (<see cref="EventDecoder"/>) feeding the HTTP stage, as <c>CaptureService</c> wires
/// them. Input: records, each a 2-byte little-endian length and that many bytes (the last takes what is left), in
/// the layouts of <c>bpf/llmobserve.h</c> (see <see cref="EventRecords"/>).
/// </summary>
public sealed class EbpfEventsTarget : CollectorTarget
{
    public override string Name => "ebpf-events";

    public override string Parser => "EventDecoder (llmo_event_header, llmo_data_event, llmo_conn_event, llmo_proc_event) → HttpStage";

    public override IReadOnlyList<byte[]> Dictionary { get; } =
        [.. HttpTokens, [1, 0, 0, 0], [2, 0, 0, 0], [3, 0, 0, 0], [4, 0, 0, 0], [5, 0, 0, 0], [2, 0], [10, 0], [0x30, 0], [0x40, 0], [0x38, 0x01]];

    public override ulong Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var rig = new CaptureRig();
        var sink = new StageSink(rig);
        var decoder = new EventDecoder(new KernelClock(TimeProvider.System), sink);
        var rest = input.AsMemory();
        while (rest.Length >= 2)
        {
            var length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(rest.Span), rest.Length - 2);
            decoder.Decode(rest.Slice(2, length));
            rest = rest[(2 + length)..];
        }

        return new Harness.FeatureHash().Add(rig.Finish(input.Length)).Add(sink.Kinds).Value;
    }

    /// <summary>What <c>CaptureService</c> does with each decoded event (process events only update its process table).</summary>
    private sealed class StageSink(CaptureRig rig) : ICaptureEventSink
    {
        public ulong Kinds { get; private set; }

        public void OnData(in DataChunk chunk)
        {
            Kinds |= 1;
            rig.Stage.OnChunk(chunk);
        }

        public void OnConnection(ConnectionOpened connection)
        {
            Kinds |= 2;
            rig.Stage.OnConnectionOpened(connection);
        }

        public void OnClose(ulong connectionId, DateTimeOffset at)
        {
            Kinds |= 4;
            rig.Stage.OnConnectionClosed(connectionId, at);
        }

        public void OnExec(ProcessEvent process)
        {
            ArgumentNullException.ThrowIfNull(process);
            Kinds |= process.Executable is null ? 8UL : 16UL;
        }

        public void OnExit(ProcessEvent process)
        {
            ArgumentNullException.ThrowIfNull(process);
            Kinds |= process.Command.Length == 0 ? 32UL : 64UL;
        }
    }
}
