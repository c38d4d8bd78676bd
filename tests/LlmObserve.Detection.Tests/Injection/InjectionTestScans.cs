using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Tests.Injection;

/// <summary>Runs both detectors on a bare prompt, as the quality test and the scan command do.</summary>
internal static class InjectionTestScans
{
    public static readonly InjectionDetector Injection = new();
    public static readonly JailbreakDetector Jailbreak = new();

    public static List<Signal> Scan(string prompt)
    {
        var signals = new List<Signal>();
        Injection.DetectText(prompt, TextFields.Prompt, signals);
        Jailbreak.DetectText(prompt, TextFields.Prompt, signals);
        return signals;
    }

    /// <summary>Flagged as the quality test counts it: a signal of either detector at or over the default threshold.</summary>
    public static bool Flagged(IEnumerable<Signal> signals) => signals.Any(s => s.Confidence >= InjectionDetector.DefaultThreshold);
}
