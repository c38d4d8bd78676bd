namespace LlmObserve.Detection.Detectors;

/// <summary>Shannon entropy of short tokens, the measure that tells a random key from a word or a repeated pattern.</summary>
internal static class Entropy
{
    /// <summary>
    /// Bits of information per character, estimated from the token's own character frequencies: 0 for
    /// <c>aaaa</c>, at most log2(length) and log2(alphabet size). Characters outside ASCII count as one bucket;
    /// callers only pass key-like ASCII tokens.
    /// </summary>
    public static double BitsPerChar(ReadOnlySpan<char> token)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[129];
        counts.Clear();
        foreach (var c in token)
        {
            counts[c < 128 ? c : 128]++;
        }

        double length = token.Length;
        var bits = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                bits -= p * Math.Log2(p);
            }
        }

        return bits;
    }
}
