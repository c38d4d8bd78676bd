namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// A deterministic 64-bit FNV-1a hash for outcome features (<see cref="HashCode"/> is randomized per
/// process, which would make a seeded run grow its corpus differently each time). Calls chain.
/// </summary>
public sealed class FeatureHash
{
    private const ulong Prime = 1099511628211;
    private ulong _value;

    public FeatureHash()
    {
        _value = 14695981039346656037;
    }

    public ulong Value => _value;

    public FeatureHash Add(ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            _value = (_value ^ ((value >> (i * 8)) & 0xFF)) * Prime;
        }

        return this;
    }

    public FeatureHash Add(bool value) => Add(value ? 1UL : 0UL);

    public FeatureHash Add(string? value)
    {
        foreach (var c in value ?? "\0null")
        {
            _value = (_value ^ c) * Prime;
        }

        return Add(0xFFUL);
    }

    /// <summary>
    /// Adds a message's shape: digits dropped (positions, sizes), cut at the first quote (what follows quotes the
    /// input) or at <paramref name="length"/> characters.
    /// </summary>
    public FeatureHash AddShape(string? message, int length = 48)
    {
        if (message is null)
        {
            return Add((string?)null);
        }

        var taken = 0;
        foreach (var c in message)
        {
            if (c is '\'' or '"')
            {
                break;
            }

            if (char.IsAsciiDigit(c))
            {
                continue;
            }

            _value = (_value ^ c) * Prime;
            if (++taken == length)
            {
                break;
            }
        }

        return Add(0xFEUL);
    }

    /// <summary>A count as its power-of-two bucket (0, 1, 2–3, 4–7 …), so sizes do not flood the feature set.</summary>
    public static ulong Bucket(long count) => count <= 0 ? 0UL : (ulong)(64 - long.LeadingZeroCount(count));
}
