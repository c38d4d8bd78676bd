namespace LlmObserve.Deploy.Tests;

/// <summary>
/// What a bare-node install leaves on the machine, as a sorted list of paths: the entries whose name holds
/// "llmobserve" in the directories install-collector.sh writes to (every path it creates is named so),
/// and the whole of the directories it owns. The machine's other entries there are left out, so that
/// other processes writing to /run or /var/log at the same time cannot disturb the comparison.
/// </summary>
internal static class InstallFootprint
{
    /// <summary>The directories the script writes entries into, looked at one level deep.</summary>
    private static readonly string[] Parents = ["/opt", "/etc", "/var/lib", "/var/log", "/run"];

    /// <summary>The script's own directories, listed in full (the unit and its symlinks live in the systemd tree).</summary>
    public static readonly string[] Owned = ["/opt/llmobserve-collector", "/etc/llmobserve", "/var/lib/llmobserve-collector"];

    public static List<string> Take()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var parent in Parents.Where(Directory.Exists))
        {
            paths.UnionWith(Directory.EnumerateFileSystemEntries(parent).Where(p => Path.GetFileName(p).Contains("llmobserve", StringComparison.Ordinal)));
        }

        if (Directory.Exists("/etc/systemd/system"))
        {
            paths.UnionWith(Directory.EnumerateFileSystemEntries("/etc/systemd/system", "*llmobserve*", SearchOption.AllDirectories));
        }

        foreach (var directory in Owned.Where(Directory.Exists))
        {
            paths.UnionWith(Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories));
        }

        return [.. paths];
    }

    /// <summary>Whether anything of an earlier install is there: then the test would remove an operator's collector.</summary>
    public static string? ExistingInstall() =>
        Owned.Concat(["/etc/systemd/system/llmobserve-collector.service", "/run/llmobserve-collector.pid"])
            .FirstOrDefault(p => Directory.Exists(p) || File.Exists(p));
}
