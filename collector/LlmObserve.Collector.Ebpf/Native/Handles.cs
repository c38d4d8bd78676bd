using Microsoft.Win32.SafeHandles;
using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>Owns a <c>struct bpf_object *</c>: programs and maps borrowed from it live as long as it does.</summary>
internal sealed class BpfObjectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BpfObjectHandle()
        : base(ownsHandle: true)
    {
    }

    public BpfObjectHandle(nint pointer)
        : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        Libbpf.bpf_object__close(handle);
        return true;
    }
}

/// <summary>Owns a <c>struct bpf_link *</c>: disposing it detaches the program.</summary>
internal sealed class BpfLinkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BpfLinkHandle()
        : base(ownsHandle: true)
    {
    }

    public BpfLinkHandle(nint pointer)
        : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle() => Libbpf.bpf_link__destroy(handle) == 0;
}

/// <summary>Owns a <c>struct ring_buffer *</c>.</summary>
internal sealed class RingBufferHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public RingBufferHandle()
        : base(ownsHandle: true)
    {
    }

    public RingBufferHandle(nint pointer)
        : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        Libbpf.ring_buffer__free(handle);
        return true;
    }
}
