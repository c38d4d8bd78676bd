using System.ComponentModel;
using System.Diagnostics;
using LlmObserve.Testing;

namespace LlmObserve.Integrations.Tests.Formats;

/// <summary>
/// The checked-in OCSF JSON Schema of Detection Finding and a check of events against it, by
/// ocsf/validate_events.py with Python's jsonschema (no JSON Schema validator restores for .NET
/// here). Without python3 or jsonschema the test skips locally and fails under CI.
/// </summary>
internal static class OcsfSchema
{
    public static string Directory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "LlmObserve.Integrations.Tests", "Formats", "ocsf");

    public static string SchemaPath => Path.Combine(Directory, "detection_finding.schema.json");

    /// <summary>Validates the events (one JSON object per line); returns the validator's exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(IEnumerable<string> events)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ocsf-events-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, events, TestContext.Current.CancellationToken);
        try
        {
            var info = new ProcessStartInfo("/usr/bin/python3") // Debian's, where .ci/run installs python3-jsonschema
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(Directory, "validate_events.py"));
            info.ArgumentList.Add(SchemaPath);
            info.ArgumentList.Add(file);
            using var process = Start(info);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;
            if (process.ExitCode == 3)
            {
                TestEnvironment.Unavailable($"python3 has no jsonschema package (Debian: python3-jsonschema): {output}");
            }

            return (process.ExitCode, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException("python3 did not start.");
        }
        catch (Win32Exception e)
        {
            TestEnvironment.Unavailable($"python3 cannot be run ({e.Message}); install python3 and python3-jsonschema.");
            throw; // not reached: Unavailable always throws
        }
    }
}
