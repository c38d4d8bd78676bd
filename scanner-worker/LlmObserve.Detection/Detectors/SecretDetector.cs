using System.Buffers;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>
/// Credentials in LLM traffic: provider keys and tokens recognised by their documented prefixes and lengths,
/// private keys, service-account files, JWTs, and — next to a key-, token- or password-like name — literal
/// passwords and random-looking values. Kinds are <see cref="SecretKinds"/>.
/// </summary>
/// <remarks>
/// Three passes, from the most to the least certain, each driven by a vectorised search so ordinary prose costs
/// little: service-account files (one <c>IndexOf</c>), prefixed tokens (one multi-string <see cref="SearchValues{T}"/>
/// search for the prefixes), then assignments (an <c>IndexOfAny</c> for <c>:</c> and <c>=</c>). A finding that
/// overlaps an earlier one is dropped, so a GitHub token in <c>GITHUB_TOKEN=ghp_…</c> is reported once, as a GitHub
/// token. No regular expressions: every parser reads bounded runs of characters, so the cost is linear in the text.
/// Evidence is always masked (<see cref="SecretMask.Token"/>); for private keys it is only the header line.
/// Stateless and thread-safe.
/// </remarks>
public sealed partial class SecretDetector : TextDetector
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";

    private static readonly SearchValues<char> AlnumChars = SearchValues.Create(Letters + Digits);
    private static readonly SearchValues<char> Base64UrlChars = SearchValues.Create(Letters + Digits + "-_");
    private static readonly SearchValues<char> Base64Chars = SearchValues.Create(Letters + Digits + "+/=");

    public override string Name => DetectorNames.Secret;

    /// <summary>Besides the default fields, tool-call arguments: a model can pass a key to a tool as easily as print it.</summary>
    protected override IReadOnlyList<string> Fields { get; } =
        [TextFields.Prompt, TextFields.System, TextFields.ToolResults, TextFields.Response, TextFields.ToolCalls];

    public override void DetectText(string text, string field, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signals);

        var found = new Findings(field);
        FindServiceAccounts(text, found);
        found.NextPass();
        FindPrefixedTokens(text, found);
        found.NextPass();
        FindAssignments(text, found);
        foreach (var signal in found.Signals)
        {
            signals.Add(signal);
        }
    }

    /// <summary>Length of the run of <paramref name="chars"/> at <paramref name="start"/>, read no further than <paramref name="max"/> + 1.</summary>
    private static int Run(string text, int start, SearchValues<char> chars, int max)
    {
        if (start >= text.Length)
        {
            return 0;
        }

        var span = text.AsSpan(start, Math.Min(text.Length - start, max + 1));
        var end = span.IndexOfAnyExcept(chars);
        return end < 0 ? span.Length : end;
    }

    private static bool HasLetterAndDigit(ReadOnlySpan<char> token) =>
        token.ContainsAnyInRange('0', '9') && (token.ContainsAnyInRange('a', 'z') || token.ContainsAnyInRange('A', 'Z'));

    /// <summary>
    /// The signals of one field, kept free of overlaps: the first (most certain) finding of a span wins. Each pass
    /// finds spans in increasing order, so each keeps its own sorted list and the overlap test is a binary search
    /// per pass; appending keeps a field with thousands of keys linear.
    /// </summary>
    private sealed class Findings(string field)
    {
        private readonly List<List<Signal>> _passes = [[]];

        public IEnumerable<Signal> Signals => _passes.SelectMany(pass => pass).OrderBy(signal => signal.Start);

        /// <summary>Starts the next, less certain pass.</summary>
        public void NextPass() => _passes.Add([]);

        public bool Overlaps(int start, int length)
        {
            foreach (var pass in _passes)
            {
                if (Overlaps(pass, start, length, out _))
                {
                    return true;
                }
            }

            return false;
        }

        public bool Add(string kind, double confidence, int start, int length, string evidence)
        {
            if (Overlaps(start, length))
            {
                return false;
            }

            var current = _passes[^1];
            Overlaps(current, start, length, out var index);
            current.Insert(index, new Signal(DetectorNames.Secret, kind, confidence, field, start, length, evidence));
            return true;
        }

        public bool AddMasked(string kind, double confidence, string text, int start, int length) =>
            !Overlaps(start, length) && Add(kind, confidence, start, length, SecretMask.Token(text.AsSpan(start, length)));

        /// <summary><paramref name="index"/> is where a signal starting at <paramref name="start"/> belongs in <paramref name="sorted"/>.</summary>
        private static bool Overlaps(List<Signal> sorted, int start, int length, out int index)
        {
            int low = 0, high = sorted.Count;
            if (high > 0 && sorted[^1].Start < start)
            {
                low = high; // the usual case: after everything found so far
            }

            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (sorted[mid].Start < start)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            index = low;
            var previous = index > 0 ? sorted[index - 1] : null;
            var next = index < sorted.Count ? sorted[index] : null;
            return (previous is not null && previous.Start + previous.Length > start) || (next is not null && next.Start < start + length);
        }
    }
}
