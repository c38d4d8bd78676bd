using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Shipping;

internal static partial class Interop
{
    /// <summary>
    /// What .NET does not offer: fsync of a directory (FileStream refuses to open one), which makes a
    /// rename inside it durable.
    /// </summary>
    internal static partial class Libc
    {
        private const string Library = "libc";

        internal const int O_RDONLY = 0;
        internal const int O_DIRECTORY = 0x10000; // same value on x86-64 and arm64
        internal const int O_CLOEXEC = 0x80000;

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int open(string path, int flags);

        [LibraryImport(Library, SetLastError = true)]
        internal static partial int fsync(int fd);

        [LibraryImport(Library, SetLastError = true)]
        internal static partial int close(int fd);
    }
}
