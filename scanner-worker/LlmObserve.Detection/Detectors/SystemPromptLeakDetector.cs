using System.Buffers;
using LlmObserve.Detection.Engine;

namespace LlmObserve.Detection.Detectors;

/// <summary>Kinds of <see cref="SystemPromptLeakDetector"/> signals.</summary>
public static class SystemPromptLeakKinds
{
    /// <summary>The response repeats a run of the system prompt word for word.</summary>
    public const string Verbatim = "verbatim";
}

/// <summary>
/// A response that repeats the system prompt: runs of <see cref="ShingleWords"/> consecutive words of the system
/// prompt found, in order, in the response. Words are compared case-insensitively and without punctuation, so
/// a model reformatting the prompt as a list still matches. Confidence grows with the share of the system prompt
/// repeated; a response quoting one stock phrase ("you are a helpful assistant") stays under the minimum.
/// </summary>
public sealed class SystemPromptLeakDetector : IDetector
{
    /// <summary>Words per shingle: long enough that common phrases do not match by chance.</summary>
    public const int ShingleWords = 6;

    /// <summary>Repeated words, at least, before the response counts as a leak (or the whole prompt when it is shorter).</summary>
    public const int MinimumLeakedWords = 12;

    public string Name => DetectorNames.SystemPromptLeak;

    public void Detect(ScanSubject subject, ICollection<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signals);
        var system = subject.Text(TextFields.System);
        var response = subject.Text(TextFields.Response);
        if (system.Length == 0 || response.Length == 0)
        {
            return;
        }

        var systemWords = Words.Split(system);
        if (systemWords.Count < ShingleWords)
        {
            return;
        }

        var shingles = new HashSet<ulong>();
        for (var i = 0; i + ShingleWords <= systemWords.Count; i++)
        {
            shingles.Add(Words.Hash(system, systemWords, i, ShingleWords));
        }

        var responseWords = Words.Split(response);
        var covered = new bool[responseWords.Count];
        var matched = 0;
        for (var i = 0; i + ShingleWords <= responseWords.Count; i++)
        {
            if (shingles.Contains(Words.Hash(response, responseWords, i, ShingleWords)))
            {
                for (var w = i; w < i + ShingleWords; w++)
                {
                    matched += covered[w] ? 0 : 1;
                    covered[w] = true;
                }
            }
        }

        var needed = Math.Min(MinimumLeakedWords, systemWords.Count);
        if (matched < needed)
        {
            return;
        }

        var first = Array.IndexOf(covered, true);
        var last = Array.LastIndexOf(covered, true);
        var start = responseWords[first].Start;
        var end = responseWords[last].Start + responseWords[last].Length;
        var share = Math.Min(1.0, (double)matched / systemWords.Count);
        var evidence = response.AsSpan(start, end - start);
        signals.Add(new Signal(
            Name, SystemPromptLeakKinds.Verbatim, Math.Round(0.6 + (0.4 * share), 3), TextFields.Response, start, end - start,
            evidence.Length <= 200 ? evidence.ToString() : string.Concat(evidence[..200], "…")));
    }
}

/// <summary>Word spans and case-insensitive word-run hashes, without allocating a string per word.</summary>
internal static class Words
{
    private static readonly SearchValues<char> WordChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static List<(int Start, int Length)> Split(string text)
    {
        var words = new List<(int Start, int Length)>();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var start = IndexOfWordChar(span, i);
            if (start < 0)
            {
                break;
            }

            var end = start + 1;
            while (end < span.Length && IsWordChar(span[end]))
            {
                end++;
            }

            words.Add((start, end - start));
            i = end;
        }

        return words;
    }

    /// <summary>FNV-1a over the lower-cased words <paramref name="first"/>..+<paramref name="count"/>, separated by a space.</summary>
    public static ulong Hash(string text, List<(int Start, int Length)> words, int first, int count)
    {
        var hash = 14695981039346656037UL;
        for (var w = first; w < first + count; w++)
        {
            foreach (var c in text.AsSpan(words[w].Start, words[w].Length))
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
            }

            hash = (hash ^ ' ') * 1099511628211UL;
        }

        return hash;
    }

    private static int IndexOfWordChar(ReadOnlySpan<char> span, int from)
    {
        for (var i = from; i < span.Length; i++)
        {
            if (IsWordChar(span[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsWordChar(char c) => c < 128 ? WordChars.Contains(c) : char.IsLetterOrDigit(c);
}
