using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>A program borrowed from a loaded <see cref="BpfObject"/>, which it keeps alive.</summary>
internal sealed unsafe class BpfProgram
{
    private readonly BpfObject _owner;
    private readonly nint _prog;

    internal BpfProgram(BpfObject owner, nint prog, string name, string section)
    {
        _owner = owner;
        _prog = prog;
        Name = name;
        Section = section;
    }

    public string Name { get; }

    public string Section { get; }

    /// <summary>Attaches by the section name (tracepoints); the link detaches when disposed.</summary>
    public BpfLinkHandle Attach()
    {
        _owner.ThrowIfDisposed();
        return new BpfLinkHandle(LibbpfException.Check(Libbpf.bpf_program__attach(_prog), "bpf_program__attach", Section));
    }

    /// <summary>
    /// Attaches a uprobe (or uretprobe) to <paramref name="function"/> in the ELF file at
    /// <paramref name="binaryPath"/> for every process that maps it (pid -1). Throws
    /// <see cref="LibbpfException"/> with ENOENT when the file has no such symbol.
    /// </summary>
    public BpfLinkHandle AttachUprobe(string binaryPath, string function, bool returnProbe)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(function + "\0");
        fixed (byte* namePointer = name)
        {
            return AttachUprobe(binaryPath, namePointer, 0, returnProbe, function);
        }
    }

    /// <summary>As <see cref="AttachUprobe(string, string, bool)"/>, at a file offset (a function found by code analysis).</summary>
    public BpfLinkHandle AttachUprobe(string binaryPath, long fileOffset, bool returnProbe) =>
        AttachUprobe(binaryPath, null, (nuint)fileOffset, returnProbe, $"0x{fileOffset:x}");

    private BpfLinkHandle AttachUprobe(string binaryPath, byte* functionName, nuint offset, bool returnProbe, string what)
    {
        _owner.ThrowIfDisposed();
        var opts = new Libbpf.bpf_uprobe_opts
        {
            sz = (nuint)sizeof(Libbpf.bpf_uprobe_opts),
            retprobe = returnProbe,
            func_name = functionName,
        };
        var link = Libbpf.bpf_program__attach_uprobe_opts(_prog, -1, binaryPath, offset, &opts);
        return new BpfLinkHandle(LibbpfException.Check(link, "bpf_program__attach_uprobe_opts", $"{what} in {binaryPath}"));
    }
}
