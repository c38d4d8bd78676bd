namespace LlmObserve.Deploy.Tests;

/// <summary>
/// A command run to its end from the repository root, as an operator would run it: its exit code and
/// everything it printed, stdout and stderr interleaved as they came.
/// </summary>
internal static class InstallCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = ToolProcess.StartInfo(file, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            info.Environment[name] = value;
        }

        var result = await ToolProcess.RunAsync(info, timeout ?? TimeSpan.FromMinutes(3));
        return (result.ExitCode, result.Combined);
    }
}
