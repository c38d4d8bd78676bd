using System.CommandLine;
using LlmObserve.Benchmarks;

var duration = new Option<int>("--duration") { Description = "Seconds to keep posting", DefaultValueFactory = _ => 60 };
var exchanges = new Option<int?>("--exchanges") { Description = "Post this many exchanges instead of posting for --duration" };
var batch = new Option<int>("--batch") { Description = "Exchanges per batch", DefaultValueFactory = _ => 100 };
var concurrency = new Option<int>("--concurrency") { Description = "Batches in flight at most", DefaultValueFactory = _ => 8 };
var rate = new Option<int>("--rate") { Description = "Offered load in exchanges/s (0: as fast as accepted)", DefaultValueFactory = _ => 2000 };
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

var seconds = new Option<int>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 20 };
var capture = new Command("capture",
    "A keep-alive HTTPS client's requests/s without and with the collector; the collector's CPU and peak RSS at 200 exchanges/s (run as root).")
{
    seconds,
};
capture.SetAction((p, ct) => new CaptureBenchmark(p.GetValue(seconds)).RunAsync(ct));

var detectionSeconds = new Option<int>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 10 };
var detection = new Command("detection",
    "The built-in rule pack on captured exchanges with prompts of mixed sizes: MB/s per core, and p99 latency for a 16 KiB prompt.")
{
    detectionSeconds,
};
detection.SetAction((p, ct) => new DetectionBenchmark(p.GetValue(detectionSeconds)).RunAsync(ct));

var findingsCount = new Option<int>("--findings") { Description = "Findings of the measured tenant", DefaultValueFactory = _ => 1_000_000 };
var runs = new Option<int>("--runs") { Description = "Timed runs per query (after 5 warm-up runs)", DefaultValueFactory = _ => 100 };
var findingsQuery = new Command("findings-query",
    "Seed a fresh database with --findings findings, then time typical findings queries through ingest-api: p50/p95/max per query, p95 overall.")
{
    findingsCount, runs,
};
findingsQuery.SetAction((p, ct) => new FindingsQueryBenchmark(p.GetValue(findingsCount), p.GetValue(runs)).RunAsync(ct));

var exchangesCount = new Option<int>("--exchanges") { Description = "Exchanges of the measured tenant", DefaultValueFactory = _ => 1_000_000 };
var pageRuns = new Option<int>("--runs") { Description = "Timed renders per page (after 5 warm-up renders)", DefaultValueFactory = _ => 50 };
var consolePages = new Command("console-pages",
    "Seed a fresh database with --exchanges exchanges, sign in to the console, then time the exchanges list and exchange pages: p50/p95/max.")
{
    exchangesCount, pageRuns,
};
consolePages.SetAction((p, ct) => new ConsolePagesBenchmark(p.GetValue(exchangesCount), p.GetValue(pageRuns)).RunAsync(ct));

return await new RootCommand("LlmObserve benchmarks") { pipeline, capture, detection, findingsQuery, consolePages }.Parse(args).InvokeAsync();
