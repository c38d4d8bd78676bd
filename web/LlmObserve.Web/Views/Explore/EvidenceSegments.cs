using LlmObserve.Contracts.Findings;

namespace LlmObserve.Web.Views.Explore;

/// <summary>A finding's evidence in one text field: its offsets (UTF-16 code units) and what to label the mark with.</summary>
public sealed record EvidenceRange(Guid FindingId, string RuleId, FindingSeverity Severity, int Start, int Length);

/// <summary>A run of a text field; marked when it is the evidence of one or more findings (overlapping ranges merged).</summary>
public sealed record TextSegment(string Text, IReadOnlyList<EvidenceRange> Evidence)
{
    public bool IsMarked => Evidence.Count > 0;

    /// <summary>The most severe of the findings the mark stands for.</summary>
    public FindingSeverity Severity => Evidence.Count == 0 ? FindingSeverity.Info : Evidence.Max(e => e.Severity);

    /// <summary>The rules of the findings, for the mark's tooltip.</summary>
    public string Rules => string.Join(", ", Evidence.Select(e => e.RuleId).Distinct(StringComparer.Ordinal));
}

/// <summary>
/// Splits a text field at its findings' evidence. Offsets come from stored findings and the text is re-read from
/// the stored bodies, so a range may not fit: ranges are clamped to the text, empty ones dropped, a range that
/// overlaps the previous one is merged into its mark, and no cut falls inside a surrogate pair.
/// </summary>
public static class EvidenceSegments
{
    public static IReadOnlyList<TextSegment> Split(string text, IEnumerable<EvidenceRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ranges);
        var marks = new List<(int Start, int End, List<EvidenceRange> Evidence)>();
        foreach (var (range, start, end) in ranges
            .Select(r => (Range: r, Bounds: Clamp(text, r)))
            .Where(x => x.Bounds is not null)
            .Select(x => (x.Range, x.Bounds!.Value.Start, x.Bounds.Value.End))
            .OrderBy(x => x.Start).ThenByDescending(x => x.End))
        {
            if (marks.Count > 0 && start < marks[^1].End)
            {
                var last = marks[^1];
                last.Evidence.Add(range);
                marks[^1] = (last.Start, Math.Max(last.End, end), last.Evidence);
            }
            else
            {
                marks.Add((start, end, [range]));
            }
        }

        var segments = new List<TextSegment>(marks.Count * 2 + 1);
        var at = 0;
        foreach (var (start, end, evidence) in marks)
        {
            if (start > at)
            {
                segments.Add(new TextSegment(text[at..start], []));
            }

            segments.Add(new TextSegment(text[start..end], evidence));
            at = end;
        }

        if (at < text.Length)
        {
            segments.Add(new TextSegment(text[at..], []));
        }

        return segments;
    }

    /// <summary>The ids of the findings that get an anchor (a mark or a merged one) in this text.</summary>
    public static IEnumerable<Guid> Anchored(string text, IEnumerable<EvidenceRange> ranges) =>
        Split(text, ranges).SelectMany(s => s.Evidence).Select(e => e.FindingId);

    private static (int Start, int End)? Clamp(string text, EvidenceRange range)
    {
        var start = Math.Clamp(range.Start, 0, text.Length);
        var end = (int)Math.Clamp((long)range.Start + range.Length, start, text.Length);
        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1]))
        {
            start--;
        }

        if (end > 0 && end < text.Length && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
        {
            end++;
        }

        return end > start && range.Length > 0 ? (start, end) : null;
    }
}
