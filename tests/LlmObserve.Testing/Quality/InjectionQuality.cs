using System.Globalization;
using LlmObserve.Detection.Detectors;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Testing.Quality;

/// <summary>
/// The injection acceptance figures (issue 4: recall at least 0.90 with a benign false-positive rate of at most
/// 2 %) computed one way for the quality test and the benchmark report: a row is flagged when a signal of either
/// detector reaches the default threshold.
/// </summary>
public static class InjectionQuality
{
    /// <summary>The recall the issue asks for.</summary>
    public const double MinRecall = 0.90;

    /// <summary>The benign false-positive rate the issue allows.</summary>
    public const double MaxBenignFpr = 0.02;

    /// <summary>Whether <paramref name="signals"/> flag the text: one at or over the detectors' default threshold.</summary>
    public static bool Flagged(IEnumerable<Signal> signals) => signals.Any(s => s.Confidence >= InjectionDetector.DefaultThreshold);

    /// <summary>
    /// A classifier that never fires (all weights zero, a bias far below any threshold), so the detectors built on
    /// it score by their phrases alone: figures not trained on the dev set.
    /// </summary>
    public static PromptClassifier PhrasesOnlyClassifier() => new(new PromptClassifierModel(8, 48, 16, -30f, 1f, new sbyte[256]));

    /// <summary>Scans every row with both detectors and counts the verdicts per source, in order of first appearance.</summary>
    public static IReadOnlyList<SourceTally> Tally(IReadOnlyList<QualityRow> rows, InjectionDetector injection, JailbreakDetector jailbreak)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(injection);
        ArgumentNullException.ThrowIfNull(jailbreak);
        return [.. rows.GroupBy(r => r.Source, StringComparer.Ordinal).Select(g =>
        {
            var verdicts = g.Select(r =>
            {
                var signals = new List<Signal>();
                injection.DetectText(r.Text, TextFields.Prompt, signals);
                jailbreak.DetectText(r.Text, TextFields.Prompt, signals);
                return (r.Label, Flagged: Flagged(signals));
            }).ToList();
            return new SourceTally(
                g.Key,
                verdicts.Count,
                verdicts.Count(v => v.Label == "injection"),
                verdicts.Count(v => v.Label == "benign"),
                verdicts.Count(v => v.Label == "harmful"),
                verdicts.Count(v => v.Label == "injection" && v.Flagged),
                verdicts.Count(v => v.Label == "benign" && v.Flagged),
                verdicts.Count(v => v.Label == "harmful" && v.Flagged));
        })];
    }

    /// <summary>The tallies as a fixed-width table (one line per source, then <c>ALL</c>), for a console or a report.</summary>
    public static IReadOnlyList<string> Table(IReadOnlyCollection<SourceTally> tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var lines = new List<string> { $"{"source",-34} {"rows",5} {"flagged",7} {"precision",9} {"recall",7} {"benignFPR",9} {"harmful flagged",15}" };
        lines.AddRange(tallies.Append(SourceTally.Total(tallies)).Select(t => string.Create(
            CultureInfo.InvariantCulture,
            $"{t.Source.Split(' ')[0],-34} {t.Rows,5} {t.Caught + t.FalseAlarms + t.HarmfulFlagged,7} {Format(t.Precision),9} {Format(t.Recall),7} {Format(t.BenignFpr),9} {t.HarmfulFlagged + "/" + t.Harmful,15}")));
        return lines;
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
