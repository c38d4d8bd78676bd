namespace LlmObserve.Testing.Quality;

/// <summary>
/// How the detectors did on the rows of one source: harmful rows are counted when flagged, but are neither
/// positives nor benign, so they move neither recall nor the benign false-positive rate.
/// </summary>
/// <param name="Source">The source's name (<c>ALL</c> for the total).</param>
/// <param name="Rows">Rows of the source.</param>
/// <param name="Attacks">Rows labelled <c>injection</c>.</param>
/// <param name="Benign">Rows labelled <c>benign</c>.</param>
/// <param name="Harmful">Rows labelled <c>harmful</c>.</param>
/// <param name="Caught">Injection rows flagged.</param>
/// <param name="FalseAlarms">Benign rows flagged.</param>
/// <param name="HarmfulFlagged">Harmful rows flagged.</param>
public sealed record SourceTally(string Source, int Rows, int Attacks, int Benign, int Harmful, int Caught, int FalseAlarms, int HarmfulFlagged)
{
    /// <summary>Flagged injection rows among flagged injection and benign rows; null when none was flagged.</summary>
    public double? Precision => Caught + FalseAlarms == 0 ? null : (double)Caught / (Caught + FalseAlarms);

    /// <summary>Flagged injection rows among injection rows; null when there are none.</summary>
    public double? Recall => Attacks == 0 ? null : (double)Caught / Attacks;

    /// <summary>Flagged benign rows among benign rows; null when there are none.</summary>
    public double? BenignFpr => Benign == 0 ? null : (double)FalseAlarms / Benign;

    /// <summary>The sum of <paramref name="all"/>, as source <c>ALL</c>.</summary>
    public static SourceTally Total(IReadOnlyCollection<SourceTally> all) => new(
        "ALL", all.Sum(t => t.Rows), all.Sum(t => t.Attacks), all.Sum(t => t.Benign), all.Sum(t => t.Harmful),
        all.Sum(t => t.Caught), all.Sum(t => t.FalseAlarms), all.Sum(t => t.HarmfulFlagged));
}
