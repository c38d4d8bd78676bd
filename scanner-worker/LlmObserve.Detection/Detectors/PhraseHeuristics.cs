using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// One phrase rule: when <see cref="Pattern"/> matches at one of its <see cref="Anchors"/>, the text holds a phrase
/// of <see cref="Kind"/> for the detector <see cref="Family"/>, worth <see cref="Weight"/> (0–1) on its own.
/// Patterns start with <c>\G</c>: they are tried only where an anchor was found, never scanned across the text.
/// Anchors are whole words (one or more): they are found by the hash of their first one or two tokens.
/// </summary>
internal sealed record PhraseRule(string Family, string Kind, double Weight, Regex Pattern, params string[] Anchors)
{
    /// <summary>
    /// When set, the pattern is tried only if one of these strings occurs within <see cref="Reach"/> characters of
    /// the anchor: a vectorized search that turns away most candidates of a costly pattern with a common anchor.
    /// It must hold for every text the pattern can match there.
    /// </summary>
    public SearchValues<string>? Near { get; init; }

    /// <summary>How far after the anchor <see cref="Near"/> is looked for: longer than any match of the pattern in practice.</summary>
    public int Reach { get; init; } = 2000;
}

/// <summary>A phrase found in a text, with its offsets into it.</summary>
internal readonly record struct PhraseHit(string Family, string Kind, double Weight, int Start, int Length);

/// <summary>
/// Finds injection and jailbreak phrases. The text is tokenized once (the pass the classifier makes anyway,
/// <see cref="PromptTokenizer"/>); a token whose unigram hash (one-word anchors) or bigram hash (longer
/// anchors) is an anchor's is a candidate, found with one bit test in most cases. Only at candidates are the
/// anchor's rules tried. A pathological text stops being searched after <see cref="MaxCandidates"/> candidates
/// (the classifier still reads all of it).
/// </summary>
internal static class PhraseHeuristics
{
    internal const int MaxCandidates = 20_000;
    internal const int MaxHits = 256;

    /// <summary>
    /// A phrase right after an opening quote is more often talked about ("why does 'ignore previous instructions'
    /// work?") than meant, so it counts for this share of its weight.
    /// </summary>
    internal const double QuotedDiscount = 0.5;

    private const string Quotes = "'\"“‘`«";

    private static readonly PhraseRule[] Rules = [.. PhraseHeuristicsInjectionRules.All, .. PhraseHeuristicsJailbreakRules.All];

    /// <summary>The most tokens an anchor may have (the candidate is this many tokens back at most).</summary>
    internal const int MaxAnchorTokens = 6;

    /// <summary>
    /// Rules by anchor key: the unigram hash of a one-token anchor, else the bigram hash of its last two tokens
    /// (rarer than its first two: "what is the first" is found at "the first"), with how many tokens back the
    /// anchor starts.
    /// </summary>
    private static readonly Dictionary<uint, (int Back, PhraseRule[] Rules)[]> ByKey = Rules
        .SelectMany(r => r.Anchors.Select(a => (Key: AnchorKey(a), Rule: r)))
        .GroupBy(p => p.Key.Hash)
        .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Key.Back).Select(b => (b.Key, b.Select(p => p.Rule).Distinct().ToArray())).ToArray());

    /// <summary>The low 16 bits of every key, as a bit set: most tokens are turned away by one bit test.</summary>
    private static readonly ulong[] Filter = BuildFilter();

    /// <summary>Every rule, for tests.</summary>
    internal static IReadOnlyList<PhraseRule> AllRules => Rules;

    /// <summary>Every phrase in <paramref name="text"/>, in order of position.</summary>
    public static List<PhraseHit> Find(string text)
    {
        var candidates = new List<(int Position, PhraseRule[] Rules)>();
        var recent = new RecentTokens();
        var tokenizer = new PromptTokenizer(text);
        while (tokenizer.Next(out var token))
        {
            Observe(token, ref recent, candidates);
        }

        return Match(text, candidates);
    }

    /// <summary>Records the candidates one token makes; <paramref name="recent"/> remembers where the tokens before it start.</summary>
    public static void Observe(in PromptToken token, ref RecentTokens recent, List<(int Position, PhraseRule[] Rules)> candidates)
    {
        recent.Push(token.Start);
        if (candidates.Count >= MaxCandidates)
        {
            return;
        }

        if (IsSet(token.Unigram) && ByKey.TryGetValue(token.Unigram, out var groups))
        {
            Add(groups, ref recent, candidates, bigram: false);
        }

        if (recent.Count > 1 && IsSet(token.Bigram) && ByKey.TryGetValue(token.Bigram, out groups))
        {
            Add(groups, ref recent, candidates, bigram: true);
        }
    }

    /// <summary>Tries the candidates' rules; overlapping hits of one rule count once.</summary>
    public static List<PhraseHit> Match(string text, List<(int Position, PhraseRule[] Rules)> candidates)
    {
        var hits = new List<PhraseHit>();
        if (candidates.Count == 0)
        {
            return hits;
        }

        candidates.Sort((a, b) => a.Position.CompareTo(b.Position));
        var lastEnd = new Dictionary<PhraseRule, int>(ReferenceEqualityComparer.Instance);
        foreach (var (pos, rules) in candidates)
        {
            foreach (var rule in rules)
            {
                if (hits.Count >= MaxHits || (lastEnd.TryGetValue(rule, out var end) && end > pos))
                {
                    continue;
                }

                if (rule.Near is { } near && text.AsSpan(pos, Math.Min(rule.Reach, text.Length - pos)).IndexOfAny(near) < 0)
                {
                    continue;
                }

                if (MatchAt(rule.Pattern, text, pos) is { } length && length > 0)
                {
                    var weight = pos > 0 && Quotes.Contains(text[pos - 1], StringComparison.Ordinal) ? rule.Weight * QuotedDiscount : rule.Weight;
                    hits.Add(new PhraseHit(rule.Family, rule.Kind, weight, pos, length));
                    lastEnd[rule] = pos + length;
                }
            }
        }

        return hits;
    }

    /// <summary>The key an anchor is found by and how many tokens back from the keyed token it starts.</summary>
    internal static (uint Hash, int Back) AnchorKey(string anchor)
    {
        var tokens = new List<PromptToken>();
        var tokenizer = new PromptTokenizer(anchor);
        while (tokenizer.Next(out var token))
        {
            tokens.Add(token);
        }

        return tokens.Count switch
        {
            0 => throw new ArgumentException("an anchor needs a token", nameof(anchor)),
            > MaxAnchorTokens => throw new ArgumentException($"an anchor has at most {MaxAnchorTokens} tokens: '{anchor}'", nameof(anchor)),
            1 => (tokens[0].Unigram, 0),
            _ => (tokens[^1].Bigram, tokens.Count - 1),
        };
    }

    private static void Add((int Back, PhraseRule[] Rules)[] groups, ref RecentTokens recent, List<(int Position, PhraseRule[] Rules)> candidates, bool bigram)
    {
        foreach (var (back, rules) in groups)
        {
            // A unigram key has Back 0, a bigram key at least 1: a hash collision between the two kinds is dropped here.
            if ((back > 0) == bigram && back < recent.Count)
            {
                candidates.Add((recent.StartBack(back), rules));
            }
        }
    }

    private static bool IsSet(uint hash) => (Filter[(hash >> 6) & 1023] & (1UL << (int)(hash & 63))) != 0;

    private static ulong[] BuildFilter()
    {
        var filter = new ulong[1024];
        foreach (var key in ByKey.Keys)
        {
            filter[(key >> 6) & 1023] |= 1UL << (int)(key & 63);
        }

        return filter;
    }

    private static int? MatchAt(Regex pattern, string text, int pos)
    {
        try
        {
            foreach (var match in pattern.EnumerateMatches(text, pos))
            {
                return match.Index == pos ? match.Length : null;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological input: the phrase is not counted, and the classifier still scores the text.
        }
        catch (IndexOutOfRangeException)
        {
            // The regex source generator has thrown this when backtracking through consecutive optional groups
            // after a lazy loop; patterns are written to avoid that shape (a test tries every rule at every
            // anchor of the training data), and should one slip through, the phrase is lost, not the scan.
        }

        return null;
    }
}

/// <summary>Where the last <see cref="PhraseHeuristics.MaxAnchorTokens"/> tokens start, for anchors that end at the current token.</summary>
internal struct RecentTokens
{
    private Starts _starts;
    private int _next;

    public int Count { get; private set; }

    public void Push(int start)
    {
        _starts[_next] = start;
        _next = _next + 1 == PhraseHeuristics.MaxAnchorTokens ? 0 : _next + 1;
        Count++;
    }

    /// <summary>The start of the token <paramref name="back"/> tokens before the last one pushed (0: the last one).</summary>
    public readonly int StartBack(int back)
    {
        var i = _next - 1 - back;
        return _starts[i < 0 ? i + PhraseHeuristics.MaxAnchorTokens : i];
    }

    [System.Runtime.CompilerServices.InlineArray(PhraseHeuristics.MaxAnchorTokens)]
    private struct Starts
    {
        private int _element;
    }
}
