using System.Globalization;
using System.Text.RegularExpressions;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// The systemd unit files of deploy/linux (the collector) and deploy/linux/backend, read as systemd reads
/// them (last assignment wins, an empty one resets), and checked with systemd-analyze, offline.
/// </summary>
internal static partial class InstallUnits
{
    public static string LinuxRoot => Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "linux");

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(LinuxRoot, "backend"))
            .Where(f => f.EndsWith(".service", StringComparison.Ordinal) || f.EndsWith(".target", StringComparison.Ordinal))
            .Append(Path.Combine(LinuxRoot, "llmobserve-collector.service"))
            .Order(StringComparer.Ordinal);

    /// <summary>Every assignment of the file's [Service] section (or of all sections), in order, with comments dropped.</summary>
    public static List<(string Key, string Value)> Assignments(string file, string? section = "Service")
    {
        var current = "";
        var result = new List<(string, string)>();
        foreach (var line in File.ReadLines(file).Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = line[1..^1];
            }
            else if (line.Length > 0 && line[0] is not ('#' or ';') && (section is null || current == section) && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var at)
            {
                result.Add((line[..at].Trim(), line[(at + 1)..].Trim()));
            }
        }

        return result;
    }

    /// <summary>The effective value of a single-valued setting (the last assignment), or null.</summary>
    public static string? Value(string file, string key) =>
        Assignments(file).LastOrDefault(a => a.Key == key) is { Key: not null } found ? found.Value : null;

    /// <summary>
    /// <c>systemd-analyze verify</c> of the file: what it printed besides "is not executable" for the
    /// programs, which are installed only by the install scripts.
    /// </summary>
    public static async Task<List<string>> VerifyProblemsAsync(string file)
    {
        var (_, output) = await RunAsync(["verify", "--man=no", file]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !NotExecutable().IsMatch(l))];
    }

    /// <summary>The overall exposure <c>systemd-analyze security --offline=true</c> gives the service (0 best, 10 worst).</summary>
    public static async Task<double> ExposureAsync(string file)
    {
        var (_, output) = await RunAsync(["security", "--offline=true", file]);
        var match = Exposure().Match(output);
        Assert.True(match.Success, output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The assembly name of every project outside tests/ (its AssemblyName, else its file name) → the project's top folder.</summary>
    public static Dictionary<string, string> BuiltPrograms()
    {
        var programs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var csproj in Directory.EnumerateFiles(TestEnvironment.RepositoryRoot, "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(TestEnvironment.RepositoryRoot, csproj).Split(Path.DirectorySeparatorChar);
            if (relative[0] is not ("tests" or ".llmobserve"))
            {
                var assembly = System.Xml.Linq.XDocument.Load(csproj).Descendants("AssemblyName").Select(e => e.Value).LastOrDefault();
                programs[assembly ?? Path.GetFileNameWithoutExtension(csproj)] = relative[0];
            }
        }

        return programs;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] args)
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
        {
            TestEnvironment.Unavailable("systemd-analyze is not installed (Debian: apt-get install systemd)");
        }

        return await InstallCommand.RunAsync("systemd-analyze", args, new Dictionary<string, string>(StringComparer.Ordinal) { ["SYSTEMD_COLORS"] = "0" });
    }

    [GeneratedRegex(@"^\S+: Command /opt/\S+ is not executable: No such file or directory$")]
    private static partial Regex NotExecutable();

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d)")]
    private static partial Regex Exposure();
}
