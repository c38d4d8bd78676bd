using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LlmObserve.Testing;

/// <summary>Processes as /proc shows them: a process and its descendants, and their memory and CPU.</summary>
public static class ProcessTree
{
    private static readonly long TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture we run on

    /// <summary><paramref name="root"/> and every live descendant (children of children included).</summary>
    public static IReadOnlyList<int> Of(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                (parents.TryGetValue(stat.Parent, out var children) ? children : parents[stat.Parent] = []).Add(pid);
            }
        }

        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(parents.GetValueOrDefault(result[i]) ?? []);
        }

        return result;
    }

    /// <summary>
    /// Memory (bytes) and CPU time used so far (seconds) of a process and its descendants; zero when gone.
    /// Memory is the proportional set size (PSS): pages shared between the processes (PostgreSQL's shared
    /// buffers) count once in the sum, not once per process as resident size would. CPU includes the time
    /// of descendants that have ended.
    /// </summary>
    public static (long MemoryBytes, double CpuSeconds) Usage(int root)
    {
        long memory = 0;
        double cpu = 0;
        foreach (var pid in Of(root))
        {
            if (Stat(pid) is { } stat)
            {
                memory += Pss(pid) ?? stat.RssPages * Environment.SystemPageSize;
                cpu += (double)stat.CpuTicks / TicksPerSecond;
            }
        }

        return (memory, cpu);
    }

    /// <summary>A free TCP port on loopback (free now: a server started right after gets it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long? Pss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[4..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (int Parent, long CpuTicks, long RssPages)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name may hold spaces and parentheses: the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        static long Field(string[] f, int number) => long.Parse(f[number - 3], CultureInfo.InvariantCulture); // man proc: numbered from 1, state is 3
        // utime + stime, and cutime + cstime: children that ended (PostgreSQL's backends, curl) leave
        // their CPU time with the parent that reaped them, so the tree's sum never goes down.
        return ((int)Field(fields, 4), Field(fields, 14) + Field(fields, 15) + Field(fields, 16) + Field(fields, 17), Field(fields, 24));
    }
}
