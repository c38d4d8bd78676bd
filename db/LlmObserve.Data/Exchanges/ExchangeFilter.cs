using LlmObserve.Data.Entities;

namespace LlmObserve.Data.Exchanges;

/// <summary>
/// What the console's explorer and the REST API filter exchanges by, each on an indexed column of
/// <c>exchanges</c> (migrations 0001 and 0005). Every field is optional; they combine with AND.
/// </summary>
public sealed record ExchangeFilter
{
    public Guid? ClusterId { get; init; }

    public string? Namespace { get; init; }

    public string? Pod { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>Captured at or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Captured before.</summary>
    public DateTimeOffset? To { get; init; }

    public bool WithFindings { get; init; }

    public bool IsEmpty => this == new ExchangeFilter();

    /// <summary>The exchanges (already tenant-scoped by the DbContext) that pass every filter set.</summary>
    public IQueryable<Exchange> Apply(IQueryable<Exchange> exchanges)
    {
        if (ClusterId is { } cluster)
        {
            exchanges = exchanges.Where(e => e.ClusterId == cluster);
        }

        if (Namespace is { } ns)
        {
            exchanges = exchanges.Where(e => e.Namespace == ns);
        }

        if (Pod is { } pod)
        {
            exchanges = exchanges.Where(e => e.Pod == pod);
        }

        if (Provider is { } provider)
        {
            exchanges = exchanges.Where(e => e.LlmProvider == provider);
        }

        if (Model is { } model)
        {
            exchanges = exchanges.Where(e => e.LlmModel == model);
        }

        if (From is { } from)
        {
            exchanges = exchanges.Where(e => e.CapturedAt >= from);
        }

        if (To is { } to)
        {
            exchanges = exchanges.Where(e => e.CapturedAt < to);
        }

        if (WithFindings)
        {
            exchanges = exchanges.Where(e => e.FindingCount > 0);
        }

        return exchanges;
    }
}
