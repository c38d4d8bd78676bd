using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>How a finished command exited and what it printed: each stream, and both interleaved as they came.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError, string Combined);

/// <summary>
/// The one way these tests run a tool (kubectl, docker-compose, the install scripts): from the repository
/// root, to its end, killed with its children when it overruns. A tool that cannot be started skips the test
/// (fails it under CI) with <paramref name="unavailable"/>.
/// </summary>
internal static class ToolProcess
{
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
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

        return info;
    }

    public static async Task<ToolResult> RunAsync(ProcessStartInfo info, TimeSpan timeout, string? unavailable = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        var (stdout, stderr, combined) = (new StringBuilder(), new StringBuilder(), new StringBuilder());
        void Append(StringBuilder stream, string? line)
        {
            if (line is not null)
            {
                lock (combined)
                {
                    stream.AppendLine(line);
                    combined.AppendLine(line);
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
            TestEnvironment.Unavailable($"{info.FileName} could not be started ({e.Message}){(unavailable is null ? "" : "; " + unavailable)}.");
            throw; // not reached: Unavailable always throws
        }

        using (process)
        {
            process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException e)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish in time. It printed:\n{combined}", e);
            }

            process.WaitForExit(); // drains the output streams
            lock (combined)
            {
                return new ToolResult(process.ExitCode, stdout.ToString(), stderr.ToString(), combined.ToString());
            }
        }
    }
}
