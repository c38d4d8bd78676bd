namespace LlmObserve.Benchmarks.Reporting;

/// <summary>Every target of the issues that the benchmark report lists, measured or asserted by a test.</summary>
internal static class Targets
{
    public static readonly Target PipelineThroughput = new(
        "pipeline", "throughput, stored", "exchanges/s", "≥ 2,000 exchanges/s sustained for 60 s (offered at 2,000/s: stored at 99 % of it or more, no 10 s window under 95 %)", "issue 2", v => v >= 2000);

    public static readonly Target PipelineP99 = new(
        "pipeline", "accepted-to-stored p99", "ms", "< 2,000 ms", "issue 2", v => v < 2000);

    public static readonly Target CaptureSlowdown = new(
        "capture", "keep-alive HTTPS client slowdown with the collector", "%", "≤ 5 %", "issue 3", v => v <= 5);

    public static readonly Target CollectorCpu = new(
        "capture", "collector CPU at 200 exchanges/s", "% of one core", "< 5 % of one core", "issue 3", v => v < 5);

    public static readonly Target CollectorRss = new(
        "capture", "collector peak RSS at 200 exchanges/s", "MB", "< 150 MB", "issue 3", v => v < 150);

    public static readonly Target DetectionThroughput = new(
        "detection", "throughput per core (one thread)", "MB/s", "≥ 50 MB/s per core", "issue 4", v => v >= 50);

    public static readonly Target DetectionP99 = new(
        "detection", "16 KiB prompt p99", "ms", "< 5 ms", "issue 4", v => v < 5);

    public static readonly Target InjectionRecall = new(
        "detection-quality", "injection recall (shipped detectors)", "", "≥ 0.90", "issue 4", v => v >= 0.90);

    public static readonly Target BenignFpr = new(
        "detection-quality", "benign false-positive rate (shipped detectors)", "%", "≤ 2 %", "issue 4", v => v <= 2);

    public static readonly Target WorstSourceBenignFpr = new(
        "detection-quality", "benign false-positive rate, worst source", "%", "≤ 2 % (each source, as the test asserts)", "issue 4", v => v <= 2);

    public static readonly Target FindingsQueryP95 = new(
        "findings-query", "p95 over all queries", "ms", "< 100 ms with 1,000,000 findings", "issue 5", v => v < 100);

    public static readonly Target ExchangesListP95 = new(
        "console-pages", "exchanges list, first page p95", "ms", "< 500 ms with 1,000,000 exchanges", "issue 6", v => v < 500);

    public static readonly Target ExchangePageP95 = new(
        "console-pages", "exchange page (15 KiB conversation) p95", "ms", "< 500 ms with 1,000,000 exchanges", "issue 6", v => v < 500);

    /// <summary>The measured targets, in the order of the report's table.</summary>
    public static readonly IReadOnlyList<Target> Measured =
    [
        PipelineThroughput, PipelineP99, CaptureSlowdown, CollectorCpu, CollectorRss, DetectionThroughput, DetectionP99,
        InjectionRecall, BenignFpr, WorstSourceBenignFpr, FindingsQueryP95, ExchangesListP95, ExchangePageP95,
    ];

    /// <summary>Time limits asserted by tests on every run; the report lists them with no measurement of its own.</summary>
    public static readonly IReadOnlyList<AssertedLimit> AssertedByTests =
    [
        new("a finding visible through the read API after its exchange is posted", "5 s",
            "ScannerWorker.Tests PipelineTests.AwsKeyInAPrompt_IsAFindingOfTheReadApiWithinFiveSeconds (after one warm-up exchange)", "issue 2"),
        new("a rotated node credential: the old one refused", "5 s",
            "IngestApi.Tests FleetApiTests.RotatedNodeCredential_WorksAtOnce_AndTheOldOneStopsWithinFiveSeconds", "issue 5"),
        new("a revoked node refused", "5 s",
            "IngestApi.Tests FleetApiTests.RevokedNode_IsRefusedWithinFiveSeconds_AndListedAsRevoked", "issue 5"),
        new("a new finding shown live in the console's findings list", "20 s",
            "Web.Tests FindingFlowTests.FindingsList_ShowsANewFindingWithin20Seconds_WithoutReloading", "issue 6"),
    ];
}
