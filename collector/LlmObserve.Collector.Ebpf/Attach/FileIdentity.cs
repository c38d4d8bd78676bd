using System.Buffers.Binary;
using static LlmObserve.Collector.Ebpf.Interop;

namespace LlmObserve.Collector.Ebpf.Attach;

/// <summary>
/// A file by device and inode: a uprobe is registered on the inode, so two paths to one library
/// (a symlink, the same image layer in two containers) are one target, and two containers'
/// libraries at the same path are two.
/// </summary>
public readonly record struct FileIdentity(uint DevMajor, uint DevMinor, ulong Inode)
{
    /// <summary>The identity of the file at <paramref name="path"/> (symlinks followed), or null when it cannot be read.</summary>
    public static unsafe FileIdentity? Of(string path)
    {
        var buffer = stackalloc byte[Libc.StatxSize];
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO, buffer) != 0)
        {
            return null;
        }

        var span = new ReadOnlySpan<byte>(buffer, Libc.StatxSize);
        return new FileIdentity(
            BinaryPrimitives.ReadUInt32LittleEndian(span[Libc.StatxDevMajorOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[Libc.StatxDevMinorOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(span[Libc.StatxInoOffset..]));
    }
}
