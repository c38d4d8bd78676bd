namespace LlmObserve.Collector.Ebpf.Attach;

/// <summary>What a process maps that may carry OpenSSL: its executable and its libssl copies.</summary>
public static class ProcessMaps
{
    /// <summary>
    /// Paths to attach to for <paramref name="pid"/>, reachable from the collector: through
    /// <c>/proc/&lt;pid&gt;/root</c>, so a container's own library is used, not the host's file at the same path.
    /// Empty when the process is gone.
    /// </summary>
    public static IReadOnlyList<string> TlsCandidates(int pid, string procRoot = "/proc")
    {
        var root = $"{procRoot}/{pid}/root";
        var result = new List<string>();
        try
        {
            var exe = File.ResolveLinkTarget($"{procRoot}/{pid}/exe", returnFinalTarget: false)?.FullName;
            if (exe is not null && !exe.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                result.Add(root + exe);
            }

            foreach (var line in File.ReadLines($"{procRoot}/{pid}/maps"))
            {
                var path = MappedPath(line);
                if (path is not null && IsLibssl(path) && !result.Contains(root + path, StringComparer.Ordinal))
                {
                    result.Add(root + path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited while we looked: nothing to attach.
        }

        return result;
    }

    /// <summary>The libssl files a root directory (the host's or a container's) has in the usual places.</summary>
    public static IReadOnlyList<string> LibsslInRoot(string root)
    {
        string[] dirs = ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib/aarch64-linux-gnu", "usr/lib64", "lib64", "usr/lib", "lib", "usr/local/lib"];
        var result = new List<string>();
        foreach (var dir in dirs)
        {
            var full = Path.Combine(root, dir);
            if (!Directory.Exists(full))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(full, "libssl.so*"))
            {
                result.Add(file);
            }
        }

        return result;
    }

    internal static bool IsLibssl(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        return name.StartsWith("libssl.so", StringComparison.Ordinal);
    }

    /// <summary>The path column of a /proc/pid/maps line, or null for anonymous and special mappings.</summary>
    internal static string? MappedPath(string line)
    {
        // address perms offset dev inode [path] — the path starts at the first '/' after the inode.
        var slash = line.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var path = line[slash..];
        return path.EndsWith(" (deleted)", StringComparison.Ordinal) ? null : path;
    }
}
