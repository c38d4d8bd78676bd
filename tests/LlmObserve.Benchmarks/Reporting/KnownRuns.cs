namespace LlmObserve.Benchmarks.Reporting;

/// <summary>A run the report expects a result of: its file name, its heading, and the command that makes it.</summary>
/// <param name="Name">The result's name (<c>docs/results/{Name}.json</c>).</param>
/// <param name="Title">The heading when no result exists yet (a saved result carries its own).</param>
/// <param name="Command">The command that produces the result.</param>
internal sealed record KnownRun(string Name, string Title, string Command);

/// <summary>
/// The runs of the report, in its order: the benchmarks that <c>report</c> runs, then the fault-injection suite, the
/// soak and the fuzzer, which other commands run and save. The benchmarks' defaults are the issues' sizes; the report
/// never runs them smaller.
/// </summary>
internal static class KnownRuns
{
    public const int PipelineSeconds = 60;
    public const int PipelineRate = 2000;
    public const int CaptureSeconds = 20;
    public const int DetectionSeconds = 10;
    public const int Findings = 1_000_000;
    public const int FindingsRuns = 100;
    public const int ConsoleExchanges = 1_000_000;
    public const int ConsoleRuns = 50;

    public static readonly KnownRun Detection = Benchmark("detection", "Detection throughput and latency (built-in rule pack)", $"--seconds {DetectionSeconds}");
    public static readonly KnownRun DetectionQuality = Benchmark("detection-quality", "Prompt-injection detection quality (development set)", "");
    public static readonly KnownRun FindingsQuery = Benchmark("findings-query", "Findings API query latency", $"--findings {Findings} --runs {FindingsRuns}");
    public static readonly KnownRun ConsolePages = Benchmark("console-pages", "Console page latency", $"--exchanges {ConsoleExchanges} --runs {ConsoleRuns}");
    public static readonly KnownRun Capture = Benchmark("capture", "Capture overhead and collector footprint", $"--seconds {CaptureSeconds}");
    public static readonly KnownRun Pipeline = Benchmark("pipeline", "Pipeline throughput and latency (ingest-api → RabbitMQ → scanner-worker → PostgreSQL)", $"--duration {PipelineSeconds} --rate {PipelineRate}");

    /// <summary>The benchmarks <c>report</c> runs, in order.</summary>
    public static readonly IReadOnlyList<KnownRun> Benchmarks = [Detection, DetectionQuality, FindingsQuery, ConsolePages, Capture, Pipeline];

    /// <summary>Runs made by other commands, summarized when their results exist.</summary>
    public static readonly IReadOnlyList<KnownRun> Others =
    [
        new("faults", "Fault injection", "dotnet run -c Release --project tests/LlmObserve.Stress -- faults"),
        new("soak", "Soak", "dotnet run -c Release --project tests/LlmObserve.Stress -- soak"),
        new("fuzz", "Fuzzing", "dotnet run -c Release --project tests/LlmObserve.Fuzzing -- run"),
    ];

    /// <summary>The command that runs benchmark <paramref name="name"/> with <paramref name="arguments"/>.</summary>
    public static string CommandOf(string name, string arguments = "") =>
        $"dotnet run -c Release --project tests/LlmObserve.Benchmarks -- {name}{(arguments.Length > 0 ? " " + arguments : "")}";

    private static KnownRun Benchmark(string name, string title, string arguments) => new(name, title, CommandOf(name, arguments));
}
