using System.Runtime.InteropServices;

namespace LlmObserve.Collector.Ebpf;

internal static partial class Interop
{
    internal static unsafe partial class Libc
    {
        /// <summary>Formats libbpf's messages: <paramref name="args"/> is the C <c>va_list</c> it passes (a pointer on x86-64 and arm64).</summary>
        [LibraryImport(Libraries.Libc)]
        internal static partial int vsnprintf(byte* buffer, nuint size, byte* format, nint args);

        /// <summary>statx(2): its struct is the same on every architecture, so a byte buffer and fixed offsets read it.</summary>
        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);

        internal const int AT_FDCWD = -100;
        internal const uint STATX_INO = 0x100;
        internal const int StatxSize = 256;
        internal const int StatxInoOffset = 32;
        internal const int StatxDevMajorOffset = 136;
        internal const int StatxDevMinorOffset = 140;

        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int mount(string source, string target, string fileSystemType, nuint flags, nint data);
    }
}
