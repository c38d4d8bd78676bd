using System.Diagnostics;
using System.Text.Json;
using LlmObserve.Testing;

namespace LlmObserve.ScannerWorker.Tests;

/// <summary>The offline <c>scan</c> command, run as a process the way a user runs it: the dev set, bad files, bad lines, bad rules.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmo-scan-").FullName;

    private static string DevSet => Path.Combine(TestEnvironment.RepositoryRoot, "scanner-worker", "LlmObserve.Detection.Trainer", "data", "prompt-injection-dev.jsonl");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task DevSet_GivesOneLinePerInputInOrder_AndFlagsInjections()
    {
        var inputs = File.ReadAllLines(DevSet).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var (exit, stdout, stderr) = await RunAsync("scan", "--input", DevSet);

        Assert.True(exit == 0, stderr);
        var outputs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(inputs.Select(i => i.GetProperty("id").GetString()), outputs.Select(o => o.GetProperty("id").GetString()));
        var flagged = outputs.Zip(inputs).Where(p => p.Second.GetProperty("label").GetString() == "injection")
            .Count(p => p.First.GetProperty("findings").EnumerateArray().Any(f => f.GetProperty("category").GetString() is "prompt_injection" or "jailbreak"));
        Assert.True(flagged > 100, $"{flagged} injections flagged");
        Assert.Contains($"scanned {inputs.Count:N0} input(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_ExitsNonZero_NamingTheFile()
    {
        var missing = Path.Combine(_dir, "nope.jsonl");

        var (exit, stdout, stderr) = await RunAsync("scan", "--input", missing);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"error: cannot read {missing}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedLine_ExitsNonZero_AfterScanningTheOtherLines()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        await File.WriteAllLinesAsync(input, ["""{"id":"a","text":"mail jane.doe@example.com"}""", "{not json", """{"id":"c","text":"hello"}"""], TestContext.Current.CancellationToken);

        var (exit, stdout, stderr) = await RunAsync("scan", "--input", input);

        Assert.Equal(1, exit);
        Assert.Equal(["a", "c"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Contains("in.jsonl:2: skipped: invalid JSON", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleFileWithAnError_IsRejectedWithFileLineAndColumn_BeforeScanning()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        var rules = Path.Combine(_dir, "mine.yaml");
        await File.WriteAllTextAsync(input, """{"id":"a","text":"hello"}""", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(rules, "- rule: my.rule\n  desc: d\n  condition: llm.prompt regex \"(x+)+y\"\n  output: o\n  severity: low\n  category: pii\n", TestContext.Current.CancellationToken);

        var (exit, stdout, stderr) = await RunAsync("scan", "--input", input, "--rules", rules);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("mine.yaml:3:", stderr, StringComparison.Ordinal);
        Assert.Contains("catastrophic backtracking", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LlmObserve.ScannerWorker.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
