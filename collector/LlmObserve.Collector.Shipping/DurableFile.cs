namespace LlmObserve.Collector.Shipping;

/// <summary>
/// Files that must be either whole or absent after a crash or power loss: written to a temporary
/// name, fsynced, renamed over the final name, and the directory fsynced so the rename survives.
/// </summary>
internal static class DurableFile
{
    /// <summary>Suffix of a write in progress; one left behind was interrupted by a crash.</summary>
    public const string TemporarySuffix = ".tmp";

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (and parents) with mode 0700, or tightens an existing one to it.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var info = Directory.CreateDirectory(path, OwnerOnlyDirectory);
        if (info.UnixFileMode != OwnerOnlyDirectory)
        {
            File.SetUnixFileMode(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Writes <paramref name="content"/> as <paramref name="path"/> (mode 0600) atomically and durably.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + TemporarySuffix;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Makes renames and deletions in <paramref name="directory"/> durable; best effort (a failure only weakens crash safety).</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Interop.Libc.open(directory, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC);
        if (fd >= 0)
        {
            _ = Interop.Libc.fsync(fd);
            _ = Interop.Libc.close(fd);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next start's scan, which moves stray files aside.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: nothing better to do here.
        }
    }
}
