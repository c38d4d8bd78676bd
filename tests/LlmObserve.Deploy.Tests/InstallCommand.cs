using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using LlmObserve.Testing;

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
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestEnvironment.RepositoryRoot,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            TestEnvironment.Unavailable($"{file} could not be started ({e.Message}).");
            throw; // not reached: Unavailable always throws
        }

        using (process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException e)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in time. It printed:\n{output}", e);
            }

            process.WaitForExit(); // drains the output streams
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}
