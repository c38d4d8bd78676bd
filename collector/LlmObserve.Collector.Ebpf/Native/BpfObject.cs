using System.Runtime.InteropServices;
using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>
/// An opened and loaded eBPF object file. Programs and maps handed out borrow from it; disposing it
/// detaches everything still attached. Not thread-safe: one owner (the capture service) uses it.
/// </summary>
internal sealed unsafe class BpfObject : IDisposable
{
    private readonly BpfObjectHandle _handle;

    private BpfObject(BpfObjectHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens the object; call <see cref="Load"/> after setting initial values and sizes.</summary>
    public static BpfObject Open(string path)
    {
        LibbpfResolver.EnsureInstalled();
        LibbpfLog.Install();
        var pointer = LibbpfException.Check(Libbpf.bpf_object__open_file(path, 0), "bpf_object__open_file", path);
        return new BpfObject(new BpfObjectHandle(pointer), path);
    }

    public void SetInitialValue<T>(string mapName, T value)
        where T : unmanaged =>
        LibbpfException.Check(Libbpf.bpf_map__set_initial_value(FindMapPointer(mapName), &value, (nuint)sizeof(T)), "bpf_map__set_initial_value", mapName);

    public void SetMaxEntries(string mapName, uint entries) =>
        LibbpfException.Check(Libbpf.bpf_map__set_max_entries(FindMapPointer(mapName), entries), "bpf_map__set_max_entries", mapName);

    /// <summary>Loads every program through the verifier; the message names the libbpf log on failure.</summary>
    public void Load() => LibbpfException.Check(Libbpf.bpf_object__load(Raw), "bpf_object__load (the verifier's log is in the collector's log)", Path);

    public BpfMap Map(string name) => new(this, FindMapPointer(name), name);

    /// <summary>Programs in the object, with their section names.</summary>
    public IReadOnlyList<BpfProgram> Programs()
    {
        var programs = new List<BpfProgram>();
        for (var prog = Libbpf.bpf_object__next_program(Raw, 0); prog != 0; prog = Libbpf.bpf_object__next_program(Raw, prog))
        {
            var name = Marshal.PtrToStringUTF8((nint)Libbpf.bpf_program__name(prog)) ?? "";
            var section = Marshal.PtrToStringUTF8((nint)Libbpf.bpf_program__section_name(prog)) ?? "";
            programs.Add(new BpfProgram(this, prog, name, section));
        }

        return programs;
    }

    public BpfProgram Program(string name)
    {
        var prog = LibbpfException.Check(Libbpf.bpf_object__find_program_by_name(Raw, name), "bpf_object__find_program_by_name", name);
        return new BpfProgram(this, prog, name, "");
    }

    public void Dispose() => _handle.Dispose();

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_handle.IsClosed, this);

    private nint Raw
    {
        get
        {
            ThrowIfDisposed();
            return _handle.DangerousGetHandle();
        }
    }

    private nint FindMapPointer(string name) =>
        LibbpfException.Check(Libbpf.bpf_object__find_map_by_name(Raw, name), "bpf_object__find_map_by_name", name);
}
