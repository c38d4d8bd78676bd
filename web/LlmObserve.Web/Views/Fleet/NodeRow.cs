using LlmObserve.Administration;

namespace LlmObserve.Web.Views.Fleet;

/// <summary>
/// A node as the cluster page lists it: what its collector last reported, whether it runs another collector
/// version than the newest of the cluster's active nodes (version skew), and its drop counters.
/// </summary>
/// <param name="Node">The node, as <see cref="Administration.Fleet.TenantFleet"/> reports it.</param>
/// <param name="SkewedFrom">The newest version it differs from; null when it is not skewed or its version is unknown.</param>
/// <param name="DropTotal">Sum of the counters whose name contains "drop".</param>
/// <param name="Drops">Those counters that are not zero, by name.</param>
/// <param name="Barred">Whether enrolling under its name is refused (revoked and not re-admitted since).</param>
public sealed record NodeRow(NodeItem Node, string? SkewedFrom, long DropTotal, IReadOnlyList<KeyValuePair<string, long>> Drops, bool Barred)
{
    /// <summary>True when the node runs another collector version than the newest of the cluster's active nodes.</summary>
    public bool Skewed => SkewedFrom is not null;

    /// <summary>The rows of one cluster's nodes, in the order given, and the newest version among its active nodes.</summary>
    /// <param name="nodes">The cluster's nodes.</param>
    /// <param name="barred">The ids of those that may not enroll again until re-admitted.</param>
    public static (IReadOnlyList<NodeRow> Rows, string? NewestVersion) Of(IReadOnlyList<NodeItem> nodes, IReadOnlySet<Guid> barred)
    {
        ArgumentNullException.ThrowIfNull(barred);
        var newest = nodes
            .Where(n => n.Status == "active" && !string.IsNullOrWhiteSpace(n.CollectorVersion))
            .Select(n => n.CollectorVersion!)
            .Order(CollectorVersions.Comparer)
            .LastOrDefault();
        var rows = nodes.Select(n =>
        {
            var skewed = newest is not null && n.CollectorVersion is { } v && !string.IsNullOrWhiteSpace(v)
                && !string.Equals(v, newest, StringComparison.Ordinal);
            var drops = (n.Counters ?? new Dictionary<string, long>(StringComparer.Ordinal))
                .Where(c => c.Key.Contains("drop", StringComparison.OrdinalIgnoreCase))
                .ToList();
            return new NodeRow(n, skewed ? newest : null, SaturatingSum(drops.Select(c => c.Value)),
                [.. drops.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal)], barred.Contains(n.Id));
        }).ToList();
        return (rows, newest);
    }

    // Counters come from the node: a bogus pair near long.MaxValue must not overflow the page into an error.
    private static long SaturatingSum(IEnumerable<long> values)
    {
        var sum = 0m;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum >= long.MaxValue ? long.MaxValue : sum <= long.MinValue ? long.MinValue : (long)sum;
    }
}
