using System.Reflection;
using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Ebpf.Native;

/// <summary>Maps the import name <c>libbpf</c> to the runtime library the system has (<c>libbpf.so.1</c> on Debian).</summary>
internal static class LibbpfResolver
{
    private static int _installed;

    public static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(LibbpfResolver).Assembly, Resolve);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(name, Interop.Libraries.Libbpf, StringComparison.Ordinal))
        {
            return 0;
        }

        foreach (var candidate in Interop.Libraries.LibbpfCandidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException("libbpf.so.1 was not found: install Debian's libbpf1 package (apt-get install libbpf1).");
    }
}
