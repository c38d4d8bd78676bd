using System.Diagnostics;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// Runs one input on the calling thread and judges it: exceptions (escaped, or thrown and swallowed),
/// bytes allocated by this thread, and time taken. The watchdog for inputs that never return is
/// <see cref="Fuzzer"/>'s: it watches <see cref="InputRunner"/> from another thread.
/// </summary>
public static class InputRunner
{
    public static Outcome Execute(IFuzzTarget target, byte[] input, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(input);
        ulong feature = 0;
        Exception? escaped = null;
        ThreadObservers.Begin();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        try
        {
            feature = target.Run(input);
        }
        catch (Exception e)
        {
            escaped = e;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var (thrown, drops) = ThreadObservers.End();
        feature = new FeatureHash().Add(feature).Add(escaped?.GetType().FullName).Value;

        if (escaped is not null && (escaped is InvariantViolatedException || !target.IsHandledByCaller(escaped)))
        {
            return new Outcome(feature, drops, allocated, elapsed, ProblemKind.Crash, "escaped: " + Describe(escaped));
        }

        foreach (var exception in thrown)
        {
            if (!ReferenceEquals(exception, escaped) && !target.IsCaughtByDesign(exception) && ReachedOurCode(exception))
            {
                return new Outcome(feature, drops, allocated, elapsed, ProblemKind.Crash, "thrown and swallowed by a catch-all: " + Describe(exception));
            }
        }

        if (elapsed > timeLimit)
        {
            return new Outcome(feature, drops, allocated, elapsed, ProblemKind.Hang, $"took {elapsed.TotalMilliseconds:F0} ms (limit {timeLimit.TotalMilliseconds:F0} ms)");
        }

        var bound = target.AllocationBound(input.Length);
        if (allocated > bound)
        {
            return new Outcome(feature, drops, allocated, elapsed, ProblemKind.BlowUp, $"allocated {allocated:N0} bytes for a {input.Length:N0}-byte input (bound {bound:N0})");
        }

        return new Outcome(feature, drops, allocated, elapsed, null, null);
    }

    /// <summary>
    /// Whether an exception unwound into LlmObserve code before it was caught. One that a library throws and catches
    /// inside itself (System.Text.Json's transcoding, say) never does: that is the library's own design.
    /// </summary>
    private static bool ReachedOurCode(Exception exception) =>
        new StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Any(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("LlmObserve", StringComparison.Ordinal) == true);

    /// <summary>Type, message and the innermost frames (where it was thrown, and from where).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var methods = new StackTrace(exception, fNeedFileInfo: false).GetFrames().Select(f => f.GetMethod()).OfType<System.Reflection.MethodBase>().ToList();
        var ours = methods.Skip(1).Where(m => m.DeclaringType?.Namespace?.StartsWith("LlmObserve", StringComparison.Ordinal) == true).Take(4);
        var frames = methods.Take(1).Concat(ours).Select(m => $"{m.DeclaringType?.Name}.{m.Name}");
        return $"{exception.GetType().FullName}: {exception.Message} at {string.Join(" < ", frames)}";
    }
}
