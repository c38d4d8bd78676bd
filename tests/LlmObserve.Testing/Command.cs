using System.Diagnostics;

namespace LlmObserve.Testing;

/// <summary>Runs a system command (ip, kill, runuser, rabbitmqctl …) to its end.</summary>
public static class Command
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> from <c>/</c>; returns what it printed, or throws when it fails.</summary>
    public static Task<string> RunAsync(string file, params IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return RunAsync(info);
    }

    /// <summary>Runs <paramref name="info"/> (its output redirected here); returns standard output, or an <see cref="InvalidOperationException"/> with both outputs when it exits non-zero.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        process.StandardInput.Close(); // never the test runner's stdin (xunit v3 talks to its test process through it)
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {(await output + await error).Trim()}");
        }

        return await output;
    }
}
