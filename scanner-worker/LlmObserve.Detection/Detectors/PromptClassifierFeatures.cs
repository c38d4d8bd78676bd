namespace LlmObserve.Detection.Detectors;

/// <summary>
/// One token of a text as the prompt classifier sees it: where it is, and the hashes of its unigram and of the
/// bigram it ends (with the token before it). Bucketing (<c>hash &amp; mask</c>) is left to the model.
/// </summary>
public readonly record struct PromptToken(int Start, int Length, uint Unigram, uint Bigram);

/// <summary>
/// The classifier's features, shared by the detector and the trainer so both see exactly the same thing.
/// A token is a run of letters and digits (lowercased, digits folded to <c>0</c>, apostrophes inside words
/// dropped so <c>don't</c> = <c>dont</c>) or one punctuation character (a run of the same one counts once, so
/// <c>=====</c> = <c>=</c>). Punctuation is kept because fake role markers and answer prefixes (<c>[DAN]:</c>,
/// <c>&lt;|im_start|&gt;</c>) are made of it. Hashes are computed while scanning: no string per token.
/// </summary>
public ref struct PromptTokenizer
{
    /// <summary>Bumped whenever tokens or hashes change; a model records the version it was trained with.</summary>
    public const int FeatureVersion = 1;

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;
    private const uint BigramSalt = 0x9E3779B9;

    private readonly ReadOnlySpan<char> _text;
    private int _position;
    private uint _previous;

    public PromptTokenizer(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
        _previous = 0x5EED;
    }

    /// <summary>Moves to the next token; false at the end of the text.</summary>
    public bool Next(out PromptToken token)
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            _position = i;
            token = default;
            return false;
        }

        var start = i;
        var hash = FnvOffset;
        var c = text[i];
        if (WordValue(c) != 0)
        {
            for (; i < text.Length; i++)
            {
                var folded = WordValue(text[i]);
                if (folded != 0)
                {
                    hash = (hash ^ folded) * FnvPrime;
                }
                else if (!IsInnerApostrophe(text, i))
                {
                    break;
                }
            }
        }
        else
        {
            hash = (hash ^ c ^ 0x10000u) * FnvPrime;
            i++;
            while (i < text.Length && text[i] == c)
            {
                i++;
            }
        }

        _position = i;
        var unigram = Mix(hash);
        token = new PromptToken(start, i - start, unigram, Mix((_previous * BigramSalt) ^ unigram ^ 0xB16B00B5));
        _previous = unigram;
        return true;
    }

    /// <summary>
    /// The windows (first token, token count) a text of <paramref name="tokenCount"/> tokens is scored on: the
    /// whole text when it is short, else windows of <paramref name="size"/> tokens every <paramref name="stride"/>
    /// tokens, the last one ending at the last token. An injection hidden in a long document then scores as
    /// if it stood alone instead of being diluted by the document around it.
    /// </summary>
    public static int Windows(int tokenCount, int size, int stride, Span<(int Start, int Count)> windows)
    {
        if (tokenCount <= 0)
        {
            return 0;
        }

        if (tokenCount <= size)
        {
            windows[0] = (0, tokenCount);
            return 1;
        }

        var n = 0;
        for (var start = 0; start + size < tokenCount; start += stride)
        {
            windows[n++] = (start, size);
        }

        windows[n++] = (tokenCount - size, size);
        return n;
    }

    /// <summary>How many windows <see cref="Windows"/> writes for a text of <paramref name="tokenCount"/> tokens.</summary>
    public static int WindowCount(int tokenCount, int size, int stride) =>
        tokenCount <= 0 ? 0 : tokenCount <= size ? 1 : ((tokenCount - size - 1) / stride) + 2;

    /// <summary>For ASCII: the folded character of a letter or digit, 0 for anything else.</summary>
    private static readonly char[] AsciiWordValue = BuildAsciiTable();

    private static bool IsSpace(char c) => c < 128 ? c <= ' ' : char.IsWhiteSpace(c);

    /// <summary>The character a word character hashes as (lowercase, digits as '0'); 0 when not a word character.</summary>
    private static uint WordValue(char c)
    {
        if (c < 128)
        {
            return AsciiWordValue[c];
        }

        return !char.IsLetterOrDigit(c) ? 0u : char.IsDigit(c) ? '0' : char.ToLowerInvariant(c);
    }

    private static bool IsInnerApostrophe(ReadOnlySpan<char> text, int i) =>
        (text[i] == '\'' || text[i] == '\u2019') && i + 1 < text.Length && WordValue(text[i + 1]) != 0;

    private static char[] BuildAsciiTable()
    {
        var table = new char[128];
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = '0';
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] = c;
            table[char.ToUpperInvariant(c)] = c;
        }

        return table;
    }

    /// <summary>Murmur3's finalizer: FNV's low bits alone bucket poorly.</summary>
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
