using System.Globalization;

namespace LlmObserve.Stress.Soak;

/// <summary>
/// Whether a process's memory levelled off: after the warm-up (the first sixth of the run, at least two
/// samples), the mean of the second half of the samples may exceed the mean of the first half by at most
/// 5 % or 10 MB, whichever is more. A leak grows steadily and fails this; caches and pools that fill up
/// early and then stay do not.
/// </summary>
public sealed record GrowthCheck(string Process, int Samples, double FirstHalfMb, double SecondHalfMb, double PeakMb, double MeanCpu, bool Exited = false)
{
    public double GrowthMb => SecondHalfMb - FirstHalfMb;

    public double AllowedMb => Math.Max(FirstHalfMb * 0.05, 10);

    /// <summary>Levelled off, and the part ran the whole time (a part that died would sample as 0 MB).</summary>
    public bool Flat => !Exited && Samples >= 4 && GrowthMb <= AllowedMb;

    public static GrowthCheck Of(string process, IReadOnlyList<Sample> samples)
    {
        var warmUp = Math.Max(2, (int)Math.Ceiling(samples.Count / 6.0));
        var steady = samples.Skip(warmUp).ToList();
        var half = steady.Count / 2;
        return new GrowthCheck(
            process,
            steady.Count,
            half == 0 ? 0 : steady.Take(half).Average(s => s.MemoryMb),
            half == 0 ? 0 : steady.Skip(steady.Count - half).Average(s => s.MemoryMb),
            samples.Count == 0 ? 0 : samples.Max(s => s.MemoryMb),
            steady.Count == 0 ? 0 : steady.Average(s => s.CpuPercent),
            samples.Any(s => s.MemoryMb <= 0));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Process,-18} memory {FirstHalfMb,7:0.0} → {SecondHalfMb,7:0.0} MB (peak {PeakMb:0.0}), growth {GrowthMb,6:+0.0;-0.0} MB of {AllowedMb:0} allowed: {(Flat ? "flat" : Exited ? "EXITED during the run" : Samples < 4 ? "TOO FEW SAMPLES" : "GROWING")}; CPU {MeanCpu:0.0} % of one core");
}
