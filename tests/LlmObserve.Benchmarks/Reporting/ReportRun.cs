using LlmObserve.Testing;
using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks.Reporting;

/// <summary>
/// The <c>report</c> command: runs the benchmarks one after the other at the issues' sizes, each saving its result
/// (a benchmark that cannot run here is saved as not measured, with the reason), then writes
/// <c>docs/benchmarks.md</c> from every saved result.
/// </summary>
/// <param name="envFile">The running backend's settings, written by deploy/local/up.sh (for the pipeline benchmark).</param>
/// <param name="only">The benchmarks to run; empty for all.</param>
/// <param name="renderOnly">Run nothing; only write the report from the saved results.</param>
internal sealed class ReportRun(FileInfo envFile, IReadOnlyCollection<string> only, bool renderOnly)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var unknown = only.Where(name => KnownRuns.Benchmarks.All(r => r.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync($"--only: no benchmark named {string.Join(", ", unknown)}; the benchmarks are {string.Join(", ", KnownRuns.Benchmarks.Select(r => r.Name))}.");
            return 2;
        }

        if (!renderOnly)
        {
            var steps = KnownRuns.Benchmarks.Where(r => only.Count == 0 || only.Contains(r.Name)).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                Console.WriteLine($"[{i + 1}/{steps.Count}] {steps[i].Name} …");
                await RunOneAsync(steps[i], cancellationToken);
            }
        }

        var docs = Path.Combine(TestEnvironment.RepositoryRoot, "docs");
        Console.WriteLine($"wrote {new ReportWriter(docs).Write(RunResult.LoadAll())}");
        return 0;
    }

    private async Task RunOneAsync(KnownRun run, CancellationToken cancellationToken)
    {
        if (await WhyNotAsync(run, cancellationToken) is { } reason)
        {
            Console.WriteLine($"  not measured: {reason}");
            Runs.SaveNotMeasured(run, reason);
            return;
        }

        try
        {
            await StartAsync(run, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // One benchmark failing (its infrastructure gone, a timeout) must not cost the others their run.
            await Console.Error.WriteLineAsync($"  {run.Name} failed: {e}");
            Runs.SaveNotMeasured(run, $"the run failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private Task<int> StartAsync(KnownRun run, CancellationToken cancellationToken) => run.Name switch
    {
        "detection" => new DetectionBenchmark(KnownRuns.DetectionSeconds).RunAsync(cancellationToken),
        "detection-quality" => Task.FromResult(DetectionQualityBenchmark.Run()),
        "findings-query" => new FindingsQueryBenchmark(KnownRuns.Findings, KnownRuns.FindingsRuns).RunAsync(cancellationToken),
        "console-pages" => new ConsolePagesBenchmark(KnownRuns.ConsoleExchanges, KnownRuns.ConsoleRuns).RunAsync(cancellationToken),
        "capture" => new CaptureBenchmark(KnownRuns.CaptureSeconds).RunAsync(cancellationToken),
        "pipeline" => new PipelineBenchmark(LocalEnv.Read(envFile), new PipelineLoad(KnownRuns.PipelineSeconds, null, 100, 8, KnownRuns.PipelineRate, 5)).RunAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(run), run.Name, "not a benchmark"),
    };

    /// <summary>Why <paramref name="run"/> cannot be measured on this machine now, or null when it can.</summary>
    private async Task<string?> WhyNotAsync(KnownRun run, CancellationToken cancellationToken)
    {
        if (run == KnownRuns.Capture && !Environment.IsPrivilegedProcess)
        {
            return "needs root (the collector attaches eBPF uprobes); run the report as root";
        }

        if (run != KnownRuns.Pipeline)
        {
            return null;
        }

        if (!envFile.Exists)
        {
            return $"the backend is not running ({envFile.FullName} does not exist); start it with deploy/local/up.sh, then run the report again";
        }

        var url = LocalEnv.Read(envFile).ApiUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var ready = await http.GetAsync(new Uri(url, "/readyz"), cancellationToken);
            return ready.IsSuccessStatusCode ? null : $"the backend at {url} is not ready ({(int)ready.StatusCode}); start it with deploy/local/up.sh";
        }
        catch (HttpRequestException e)
        {
            return $"the backend at {url} does not answer ({e.Message}); start it with deploy/local/up.sh, then run the report again";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the backend at {url} did not answer within 5 s; start it with deploy/local/up.sh";
        }
    }
}
