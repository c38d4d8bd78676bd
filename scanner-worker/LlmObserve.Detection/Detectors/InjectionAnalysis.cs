using System.Runtime.CompilerServices;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// What the phrase rules and the classifier found in one text, for both detectors. Computed once per text
/// instance (a scan hands both detectors the same prompt string) and shared through <see cref="InjectionAnalyzer"/>.
/// </summary>
/// <remarks>
/// Confidence of a phrase signal: <c>1 − (1 − w)·(1 − p′)·Π(1 − wₖ/2)</c>, a noisy-OR of the phrase's weight
/// <c>w</c>, the classifier's calibrated probability <c>p′</c> (<see cref="CombinedShift"/>), and half the weight
/// <c>wₖ</c> of each other supporting phrase of the same detector in the same text (the two strongest of each
/// kind): a template that sets up a persona, lifts the rules and asks for two answers is surer than any one of
/// those phrases. A classifier signal's confidence is the probability calibrated by <see cref="AloneShift"/>.
/// </remarks>
internal sealed class InjectionAnalysis
{
    /// <summary>Signals per kind and detector, at most: a DAN template names DAN dozens of times.</summary>
    private const int MaxSignalsPerKind = 3;

    /// <summary>Evidence is cut to this many characters; Start and Length still give the whole span.</summary>
    private const int MaxEvidence = 200;

    /// <summary>Log-odds the classifier is discounted by when it supports a phrase (see <see cref="Calibrated"/>).</summary>
    internal const double CombinedShift = 1.0;

    /// <summary>Log-odds the classifier is discounted by when it stands alone: it then needs p ≥ 0.88 to reach 0.5.</summary>
    internal const double AloneShift = 2.0;

    /// <summary>One pass over the tokens feeds both the classifier's windows and the phrase candidates.</summary>
    public InjectionAnalysis(string text, PromptClassifier classifier)
    {
        var size = classifier.Model.WindowSize;
        var scorer = new PromptWindowScorer(classifier.Model, stackalloc int[size], stackalloc int[size], stackalloc int[size]);
        var candidates = new List<(int Position, PhraseRule[] Rules)>();
        var recent = new RecentTokens();
        var tokenizer = new PromptTokenizer(text);
        while (tokenizer.Next(out var token))
        {
            scorer.Add(token);
            PhraseHeuristics.Observe(token, ref recent, candidates);
        }

        Classifier = scorer.Finish();
        Hits = PhraseHeuristics.Match(text, candidates);
    }

    public IReadOnlyList<PhraseHit> Hits { get; }

    public PromptClassifierScore Classifier { get; }

    /// <summary>Noisy-OR of the strongest phrase weight of each kind of one detector: how strongly the phrases alone point to it.</summary>
    public double PhraseScore(string family)
    {
        var miss = 1.0;
        foreach (var (_, weight) in StrongestByKind(family))
        {
            miss *= 1 - weight;
        }

        return 1 - miss;
    }

    /// <summary>Adds the signals of detector <paramref name="family"/>; the classifier's own signal only when <paramref name="ownsClassifier"/>.</summary>
    public void Emit(string family, string text, string field, bool ownsClassifier, ICollection<Signal> signals)
    {
        var support = Support(family);
        var p = Calibrated(Classifier.Probability, CombinedShift);
        var alone = Calibrated(Classifier.Probability, AloneShift);
        foreach (var group in Hits.Where(h => h.Family == family).GroupBy(h => h.Kind, StringComparer.Ordinal))
        {
            foreach (var hit in Distinct(group))
            {
                var others = 1.0;
                foreach (var (start, weight) in support)
                {
                    others *= start == hit.Start ? 1 : 1 - (weight / 2);
                }

                var confidence = 1 - ((1 - hit.Weight) * (1 - p) * others);
                signals.Add(new Signal(family, hit.Kind, Math.Round(confidence, 3), field, hit.Start, hit.Length, Evidence(text, hit.Start, hit.Length)));
            }
        }

        if (ownsClassifier && alone >= InjectionDetector.DefaultThreshold)
        {
            var (start, length) = (Classifier.Start, Classifier.Length);
            signals.Add(new Signal(family, InjectionKinds.Classifier, Math.Round(alone, 3), field, start, length, Evidence(text, start, length)));
        }
    }

    /// <summary>
    /// The classifier's probability moved down by <paramref name="shift"/> in log-odds: trained on a few
    /// thousand texts, it is over-confident on kinds of benign text it never saw (long emails, tables, code), so
    /// it counts for less than it claims; more so when it stands alone.
    /// </summary>
    internal static double Calibrated(double p, double shift) =>
        p <= 0 ? 0 : p >= 1 ? 1 : 1 / (1 + Math.Exp(shift - Math.Log(p / (1 - p))));

    /// <summary>The strongest hits of one kind whose spans do not overlap (two rules often match one phrase), at most <see cref="MaxSignalsPerKind"/>.</summary>
    private static List<PhraseHit> Distinct(IEnumerable<PhraseHit> hits)
    {
        var kept = new List<PhraseHit>();
        foreach (var hit in hits.OrderByDescending(h => h.Weight).ThenBy(h => h.Start))
        {
            if (kept.Count < MaxSignalsPerKind && !kept.Exists(k => k.Start < hit.Start + hit.Length && hit.Start < k.Start + k.Length))
            {
                kept.Add(hit);
            }
        }

        return kept;
    }

    /// <summary>The hits that support each other: the two strongest of each kind, by position.</summary>
    private List<(int Start, double Weight)> Support(string family) =>
        [.. Hits.Where(h => h.Family == family).GroupBy(h => h.Kind, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(h => h.Weight).Take(2)).Select(h => (h.Start, h.Weight))];

    private List<(string Kind, double Weight)> StrongestByKind(string family)
    {
        var strongest = new List<(string Kind, double Weight)>();
        foreach (var hit in Hits)
        {
            if (hit.Family != family)
            {
                continue;
            }

            var i = strongest.FindIndex(s => s.Kind == hit.Kind);
            if (i < 0)
            {
                strongest.Add((hit.Kind, hit.Weight));
            }
            else if (hit.Weight > strongest[i].Weight)
            {
                strongest[i] = (hit.Kind, hit.Weight);
            }
        }

        return strongest;
    }

    private static string Evidence(string text, int start, int length) =>
        length <= MaxEvidence ? text.Substring(start, length) : string.Concat(text.AsSpan(start, MaxEvidence), "…");
}

/// <summary>
/// Analyses texts with one classifier, remembering each text's analysis for as long as the text itself lives
/// (a <see cref="ConditionalWeakTable{TKey, TValue}"/> keyed by the string instance), so the injection and the
/// jailbreak detector scanning the same prompt pay once. Thread-safe.
/// </summary>
internal sealed class InjectionAnalyzer
{
    private readonly PromptClassifier? _classifier;
    private readonly ConditionalWeakTable<string, InjectionAnalysis> _cache = [];
    private readonly ConditionalWeakTable<string, InjectionAnalysis>.CreateValueCallback _create;

    /// <param name="classifier">The classifier to use; null for <see cref="PromptClassifier.Default"/>, loaded on first use.</param>
    public InjectionAnalyzer(PromptClassifier? classifier)
    {
        _classifier = classifier;
        _create = text => new InjectionAnalysis(text, _classifier ?? PromptClassifier.Default);
    }

    private static readonly ConditionalWeakTable<PromptClassifier, InjectionAnalyzer> ByClassifier = [];

    /// <summary>The analyzer of the shipped model, shared by detectors built without a classifier of their own.</summary>
    public static InjectionAnalyzer Shared { get; } = new(null);

    /// <summary>The analyzer of one classifier, shared by every detector built with it.</summary>
    public static InjectionAnalyzer For(PromptClassifier classifier) => ByClassifier.GetValue(classifier, static c => new InjectionAnalyzer(c));

    public InjectionAnalysis Analyze(string text) => _cache.GetValue(text, _create);
}
