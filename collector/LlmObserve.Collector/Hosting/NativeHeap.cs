using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Hosting;

/// <summary>
/// glibc's <c>malloc_trim(0)</c>: hands the free pages inside malloc's arenas back to the kernel.
/// glibc keeps freed memory in its arenas and returns only the free top of each; what is freed below
/// a live allocation stays resident until it is reused or trimmed.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>Trims every arena. False when the C library has no <c>malloc_trim</c> (musl): there is nothing to do.</summary>
    public static bool TryTrim()
    {
        try
        {
            _ = malloc_trim(0); // 1 when pages were handed back, 0 when there were none: both are fine
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc")]
    private static partial int malloc_trim(nuint pad);
}
