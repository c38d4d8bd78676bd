using System.Diagnostics;
using System.Globalization;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// Fuzzes one target: runs the seeds, then mutates corpus entries for the budget. An input whose outcome
/// feature is new joins the corpus (outcome-guided, not coverage-guided: .NET gives no edge coverage without
/// instrumentation). Inputs run on a worker thread; the calling thread is the watchdog that reports an input
/// which never returns as a hang (the stuck thread is left behind, a background thread) and prints progress.
/// </summary>
public sealed class Fuzzer(IFuzzTarget target, FuzzOptions options)
{
    private const int LargeInput = 16 * 1024;

    /// <summary>Past this many entries new outcomes are still counted, but inputs are no longer kept (memory).</summary>
    private const int MaxCorpus = 50_000;

    private readonly Lock _gate = new();
    private readonly List<Problem> _problems = [];
    private readonly HashSet<ulong> _problemKeys = [];
    private readonly List<byte[]> _corpus = [];
    private readonly HashSet<ulong> _features = [];
    private long _inputs;
    private long _maxAllocated;
    private long _slowestTicks;
    private byte[]? _current;
    private long _currentStarted;
    private bool _warmingUp;
    private volatile bool _stop;

    public FuzzReport Run(IReadOnlyList<byte[]> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() => Loop(seeds, clock)) { IsBackground = true, Name = "fuzz-" + target.Name };
        worker.Start();
        var interval = options.ProgressInterval ?? TimeSpan.FromSeconds(10);
        var nextProgress = interval;
        while (!worker.Join(50))
        {
            if (Watch())
            {
                break; // a hang: the worker is stuck in the parser and is abandoned
            }

            if (options.Progress is { } progress && clock.Elapsed >= nextProgress)
            {
                nextProgress += interval;
                progress.WriteLine(Snapshot(clock.Elapsed).Line());
            }
        }

        return Snapshot(clock.Elapsed);
    }

    private FuzzReport Snapshot(TimeSpan elapsed)
    {
        lock (_gate)
        {
            return new FuzzReport(target.Name, Interlocked.Read(ref _inputs), elapsed, _corpus.Count, _features.Count,
                Interlocked.Read(ref _maxAllocated), TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks)), [.. _problems]);
        }
    }

    /// <summary>True when the running input has been going on for twice the limit: it is reported as a hang.</summary>
    private bool Watch()
    {
        var started = Interlocked.Read(ref _currentStarted);
        var limit = options.InputTimeLimit * (Volatile.Read(ref _warmingUp) ? 10 : 2);
        if (started == 0 || Stopwatch.GetElapsedTime(started) <= limit || Volatile.Read(ref _current) is not { } input)
        {
            return false;
        }

        _stop = true;
        Report(input, ProblemKind.Hang, string.Create(CultureInfo.InvariantCulture, $"still running after {limit.TotalSeconds:F0} s (watchdog)"));
        return true;
    }

    private void Loop(IReadOnlyList<byte[]> seeds, Stopwatch clock)
    {
        var random = new Random(options.Seed ^ (int)new FeatureHash().Add(target.Name).Value);
        var mutator = new Mutator(random, target.Dictionary, target.MaxInputLength);
        Volatile.Write(ref _warmingUp, true);
        foreach (var seed in seeds)
        {
            if (Done(clock))
            {
                return;
            }

            Try(seed, keepAlways: true);
        }

        Volatile.Write(ref _warmingUp, false);
        if (_corpus.Count == 0)
        {
            Try([], keepAlways: true);
        }

        while (!Done(clock))
        {
            byte[] parent;
            byte[] child;
            lock (_gate)
            {
                var recent = Math.Min(64, _corpus.Count);
                parent = random.Next(2) == 0 ? _corpus[random.Next(_corpus.Count)] : _corpus[_corpus.Count - 1 - random.Next(recent)];
                if (parent.Length > LargeInput && random.Next(8) != 0)
                {
                    parent = _corpus[random.Next(_corpus.Count)]; // large entries (the bombs) are slow: mutate them less often
                }

                child = mutator.Mutate(parent, _corpus);
            }

            Try(child, keepAlways: false);
        }
    }

    private bool Done(Stopwatch clock) =>
        _stop || Interlocked.Read(ref _inputs) >= options.Inputs || (options.Duration is { } d && clock.Elapsed >= d);

    private void Try(byte[] input, bool keepAlways)
    {
        Volatile.Write(ref _current, input);
        Interlocked.Exchange(ref _currentStarted, Stopwatch.GetTimestamp());
        var limit = _warmingUp ? options.InputTimeLimit * 5 : options.InputTimeLimit;
        var outcome = InputRunner.Execute(target, input, limit);
        Interlocked.Exchange(ref _currentStarted, 0);
        if (_stop)
        {
            return; // the watchdog gave up on this input already
        }

        Interlocked.Increment(ref _inputs);
        InterlockedMax(ref _maxAllocated, outcome.AllocatedBytes);
        InterlockedMax(ref _slowestTicks, outcome.Elapsed.Ticks);
        if (outcome.Kind is { } kind)
        {
            Report(input, kind, outcome.Detail!);
            return;
        }

        lock (_gate)
        {
            var fresh = false;
            foreach (var feature in outcome.Features())
            {
                fresh |= _features.Add(feature);
            }

            if ((fresh && _corpus.Count < MaxCorpus) || keepAlways)
            {
                _corpus.Add(input);
            }
        }
    }

    private void Report(byte[] input, ProblemKind kind, string detail)
    {
        lock (_gate)
        {
            if (!_problemKeys.Add(new FeatureHash().Add((ulong)kind).AddShape(detail, 160).Value))
            {
                return; // the same problem again: one regression input is enough
            }

            var saved = options.RegressionDirectory is { } directory ? RegressionStore.Save(directory, target.Name, input) : null;
            _problems.Add(new Problem(target.Name, kind, detail, input, saved));
            options.Progress?.WriteLine($"{target.Name}: {kind}: {detail}{(saved is null ? string.Empty : " → " + saved)}");
            if (_problems.Count >= options.MaxProblems)
            {
                _stop = true;
            }
        }
    }

    private static void InterlockedMax(ref long field, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }
}
