using System.Globalization;

namespace LlmObserve.Deploy.Tests;

/// <summary>Kubernetes resource quantities ("50m", "2", "160Mi", "1G") as numbers, for comparisons.</summary>
internal static class KubeQuantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
        ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("m", 1e-3m),
    ];

    /// <summary>The quantity in base units (cores, bytes); null when it is missing or not a quantity.</summary>
    public static decimal? Parse(string? quantity)
    {
        if (string.IsNullOrEmpty(quantity))
        {
            return null;
        }

        var (number, factor) = Suffixes.FirstOrDefault(s => quantity.EndsWith(s.Suffix, StringComparison.Ordinal)) is { Suffix: not null } match
            ? (quantity[..^match.Suffix.Length], match.Factor)
            : (quantity, 1m);
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value * factor : null;
    }
}
