namespace LlmObserve.Detection.Rules;

/// <summary>
/// A glob over the whole value: <c>*</c> is any run of characters, <c>?</c> any one character. Matched by
/// anchoring the first and last star-free pieces and finding the middle ones left to right: a greedy leftmost
/// search is exact for globs and never backtracks, so the time is linear in the value for star-free pieces
/// without <c>?</c> (vectorized IndexOf) and at most value × piece length otherwise.
/// </summary>
internal sealed class Glob
{
    private readonly string[] _pieces;

    public Glob(string pattern)
    {
        _pieces = pattern.Split('*');
    }

    public bool IsMatch(ReadOnlySpan<char> value)
    {
        var first = _pieces[0];
        if (_pieces.Length == 1)
        {
            return value.Length == first.Length && MatchesAt(value, first);
        }

        var last = _pieces[^1];
        if (first.Length + last.Length > value.Length || !MatchesAt(value, first) || !MatchesAt(value[^last.Length..], last))
        {
            return false;
        }

        var rest = value[first.Length..^last.Length];
        for (var i = 1; i < _pieces.Length - 1; i++)
        {
            var piece = _pieces[i];
            var at = Find(rest, piece);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + piece.Length)..];
        }

        return true;
    }

    private static bool MatchesAt(ReadOnlySpan<char> value, string piece)
    {
        for (var i = 0; i < piece.Length; i++)
        {
            if (piece[i] != '?' && piece[i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int Find(ReadOnlySpan<char> value, string piece)
    {
        if (!piece.Contains('?', StringComparison.Ordinal))
        {
            return value.IndexOf(piece, StringComparison.Ordinal);
        }

        for (var at = 0; at + piece.Length <= value.Length; at++)
        {
            if (MatchesAt(value[at..], piece))
            {
                return at;
            }
        }

        return -1;
    }
}
