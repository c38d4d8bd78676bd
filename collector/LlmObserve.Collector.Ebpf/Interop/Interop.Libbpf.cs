using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Ebpf;

internal static partial class Interop
{
    /// <summary>libbpf 1.1 entry points, native names verbatim. Pointers are raw here; <see cref="Native"/> owns them.</summary>
    internal static unsafe partial class Libbpf
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct bpf_uprobe_opts
        {
            public nuint sz;
            public nuint ref_ctr_offset;
            public ulong bpf_cookie;
            [MarshalAs(UnmanagedType.U1)]
            public bool retprobe;
            public byte* func_name;
        }

        [LibraryImport(Libraries.Libbpf, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial nint bpf_object__open_file(string path, nint opts);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_object__load(nint obj);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial void bpf_object__close(nint obj);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial nint bpf_object__next_program(nint obj, nint prev);

        [LibraryImport(Libraries.Libbpf, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint bpf_object__find_program_by_name(nint obj, string name);

        [LibraryImport(Libraries.Libbpf, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint bpf_object__find_map_by_name(nint obj, string name);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial byte* bpf_program__name(nint prog);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial byte* bpf_program__section_name(nint prog);

        [LibraryImport(Libraries.Libbpf, SetLastError = true)]
        internal static partial nint bpf_program__attach(nint prog);

        [LibraryImport(Libraries.Libbpf, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial nint bpf_program__attach_uprobe_opts(nint prog, int pid, string binaryPath, nuint funcOffset, bpf_uprobe_opts* opts);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_link__destroy(nint link);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_map__fd(nint map);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_map__set_max_entries(nint map, uint maxEntries);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_map__set_initial_value(nint map, void* data, nuint size);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_map__update_elem(nint map, void* key, nuint keySize, void* value, nuint valueSize, ulong flags);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_map__lookup_elem(nint map, void* key, nuint keySize, void* value, nuint valueSize, ulong flags);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int bpf_map__delete_elem(nint map, void* key, nuint keySize, ulong flags);

        [LibraryImport(Libraries.Libbpf, SetLastError = true)]
        internal static partial nint ring_buffer__new(int mapFd, delegate* unmanaged<nint, nint, nuint, int> sampleCallback, nint ctx, nint opts);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int ring_buffer__poll(nint rb, int timeoutMs);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int ring_buffer__consume(nint rb);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial void ring_buffer__free(nint rb);

        [LibraryImport(Libraries.Libbpf)]
        internal static partial int libbpf_num_possible_cpus();

        [LibraryImport(Libraries.Libbpf)]
        internal static partial nint libbpf_set_print(nint fn);

        internal const ulong BPF_ANY = 0;
    }
}
