using System.CommandLine;
using LlmObserve.Detection.Engine;
using LlmObserve.Detection.Rules;
using LlmObserve.ServiceDefaults;

namespace LlmObserve.ScannerWorker.Cli;

/// <summary>
/// <c>LlmObserve.ScannerWorker</c> with no command runs the worker; <c>scan</c> runs the detection engine over a
/// JSONL file offline (no database, no broker).
/// </summary>
internal static class ScannerCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("LlmObserve scanner worker: runs the detection engine on captured exchanges.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(ServeAsync);
        root.Subcommands.Add(ScanCommand());
        return root;
    }

    private static Command ScanCommand()
    {
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "JSONL to scan: {\"id\",\"text\"} per line (text scanned as a user prompt), or exchanges in the wire format. '-' reads stdin.",
            Required = true,
        };
        var rules = new Option<FileInfo[]>("--rules", "-r")
        {
            Description = "Extra rule files (YAML), applied after the built-in pack; may be repeated.",
            AllowMultipleArgumentsPerToken = true,
        };
        var evidence = new Option<bool>("--evidence")
        {
            Description = "Also write each finding's title, location, evidence offsets and masked evidence.",
        };
        var scan = new Command("scan", "Scan a JSONL file and write one JSON line of findings per input line to stdout.") { input, rules, evidence };
        scan.SetAction((parse, cancellationToken) => ScanAsync(
            parse.GetValue(input)!, parse.GetValue(rules) ?? [], parse.GetValue(evidence), cancellationToken));
        return scan;
    }

    private static async Task<int> ScanAsync(FileInfo input, FileInfo[] ruleFiles, bool evidence, CancellationToken cancellationToken)
    {
        var stdin = input.Name == "-" && input.Directory?.FullName == Directory.GetCurrentDirectory();
        DetectionEngine engine;
        try
        {
            var sources = new List<RuleSource>();
            foreach (var file in ruleFiles)
            {
                sources.Add(new RuleSource(file.Name, await File.ReadAllTextAsync(file.FullName, cancellationToken)));
            }

            engine = DetectionEngine.Create(sources);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read a rule file: {e.Message}");
            return 2;
        }
        catch (RuleValidationException e)
        {
            await Console.Error.WriteLineAsync($"error: the rules do not compile:{Environment.NewLine}{e.Message}");
            return 2;
        }

        TextReader reader;
        try
        {
            reader = stdin ? Console.In : new StreamReader(input.FullName, new FileStreamOptions { Options = FileOptions.SequentialScan });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read {input.FullName}: {e.Message}");
            return 2;
        }

        using (reader)
        {
            await using var stdout = Console.OpenStandardOutput();
            var progress = new Progress<JsonlScanSummary>(s =>
                Console.Error.WriteLine($"scanned {s.Scanned:N0} of {s.Lines:N0} line(s), {s.Findings:N0} finding(s), {s.Elapsed.TotalSeconds:0}s"));
            try
            {
                var summary = await new JsonlScan(engine, evidence).RunAsync(
                    reader, stdout, Console.Error, stdin ? "stdin" : input.Name, progress, cancellationToken);
                await Console.Error.WriteLineAsync(
                    $"scanned {summary.Scanned:N0} input(s), {summary.Findings:N0} finding(s), {summary.Malformed:N0} malformed line(s) skipped, in {summary.Elapsed.TotalSeconds:0.0}s");
                return summary.Malformed > 0 ? 1 : 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: cannot read {input.FullName}: {e.Message}");
                return 2;
            }
        }
    }

    private static Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ScannerWorkerApp.Build([.. parse.UnmatchedTokens]).RunWhenSchemaCurrentAsync(cancellationToken);
}
