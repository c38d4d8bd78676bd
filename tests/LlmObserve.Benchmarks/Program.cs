using System.CommandLine;
using LlmObserve.Benchmarks;
using LlmObserve.Benchmarks.Reporting;

var duration = new Option<int>("--duration") { Description = "Seconds to keep posting", DefaultValueFactory = _ => KnownRuns.PipelineSeconds };
var exchanges = new Option<int?>("--exchanges") { Description = "Post this many exchanges instead of posting for --duration" };
var batch = new Option<int>("--batch") { Description = "Exchanges per batch", DefaultValueFactory = _ => 100 };
var concurrency = new Option<int>("--concurrency") { Description = "Batches in flight at most", DefaultValueFactory = _ => 8 };
var rate = new Option<int>("--rate") { Description = "Offered load in exchanges/s (0: as fast as accepted)", DefaultValueFactory = _ => KnownRuns.PipelineRate };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load before measuring, not counted", DefaultValueFactory = _ => 5 };
var envFile = new Option<FileInfo>("--env-file")
{
    Description = "Where the running backend's URL, enrollment token and database are (written by deploy/local/up.sh)",
    DefaultValueFactory = _ => new FileInfo(Path.Combine(LlmObserve.Testing.TestEnvironment.RepositoryRoot, ".llmobserve", "local.env")),
};

var pipeline = new Command("pipeline",
    "Push exchanges (4 KiB prompt, 4 KiB response) through ingest-api → RabbitMQ → scanner-worker → PostgreSQL; " +
    "print exchanges/s and accepted-to-stored latency.")
{
    duration, exchanges, batch, concurrency, rate, warmup, envFile,
};
pipeline.SetAction((p, ct) => new PipelineBenchmark(
    LocalEnv.Read(p.GetRequiredValue(envFile)),
    new PipelineLoad(p.GetValue(duration), p.GetValue(exchanges), p.GetValue(batch), p.GetValue(concurrency), p.GetValue(rate), p.GetValue(warmup))).RunAsync(ct));

var seconds = new Option<int>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => KnownRuns.CaptureSeconds };
var capture = new Command("capture",
    "A keep-alive HTTPS client's requests/s without and with the collector; the collector's CPU and peak RSS at 200 exchanges/s (run as root).")
{
    seconds,
};
capture.SetAction((p, ct) => new CaptureBenchmark(p.GetValue(seconds)).RunAsync(ct));

var detectionSeconds = new Option<int>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => KnownRuns.DetectionSeconds };
var detection = new Command("detection",
    "The built-in rule pack on captured exchanges with prompts of mixed sizes: MB/s per core, and p99 latency for a 16 KiB prompt.")
{
    detectionSeconds,
};
detection.SetAction((p, ct) => new DetectionBenchmark(p.GetValue(detectionSeconds)).RunAsync(ct));

var findingsCount = new Option<int>("--findings") { Description = "Findings of the measured tenant", DefaultValueFactory = _ => KnownRuns.Findings };
var runs = new Option<int>("--runs") { Description = "Timed runs per query (after 5 warm-up runs)", DefaultValueFactory = _ => KnownRuns.FindingsRuns };
var findingsQuery = new Command("findings-query",
    "Seed a fresh database with --findings findings, then time typical findings queries through ingest-api: p50/p95/max per query, p95 overall.")
{
    findingsCount, runs,
};
findingsQuery.SetAction((p, ct) => new FindingsQueryBenchmark(p.GetValue(findingsCount), p.GetValue(runs)).RunAsync(ct));

var exchangesCount = new Option<int>("--exchanges") { Description = "Exchanges of the measured tenant", DefaultValueFactory = _ => KnownRuns.ConsoleExchanges };
var pageRuns = new Option<int>("--runs") { Description = "Timed renders per page (after 5 warm-up renders)", DefaultValueFactory = _ => KnownRuns.ConsoleRuns };
var consolePages = new Command("console-pages",
    "Seed a fresh database with --exchanges exchanges, sign in to the console, then time the exchanges list and exchange pages: p50/p95/max.")
{
    exchangesCount, pageRuns,
};
consolePages.SetAction((p, ct) => new ConsolePagesBenchmark(p.GetValue(exchangesCount), p.GetValue(pageRuns)).RunAsync(ct));

var detectionQuality = new Command("detection-quality",
    "Prompt-injection recall and benign false-positive rate on the development set, computed as the quality test does.");
detectionQuality.SetAction(_ => DetectionQualityBenchmark.Run());

var only = new Option<string[]>("--only") { Description = "Run only these benchmarks (comma-separated names); the others keep their saved results", CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))] };
var renderOnly = new Option<bool>("--render-only") { Description = "Run nothing: rewrite docs/benchmarks.md from docs/results/*.json" };
var report = new Command("report",
    "Run every benchmark at the issues' sizes (as root, after deploy/local/up.sh), save each result under docs/results, " +
    "then write docs/benchmarks.md with the targets table and charts (docs/charts).")
{
    only, renderOnly, envFile,
};
report.SetAction((p, ct) => new ReportRun(p.GetRequiredValue(envFile), p.GetValue(only) ?? [], p.GetValue(renderOnly)).RunAsync(ct));

return await new RootCommand("LlmObserve benchmarks") { pipeline, capture, detection, detectionQuality, findingsQuery, consolePages, report }.Parse(args).InvokeAsync();
