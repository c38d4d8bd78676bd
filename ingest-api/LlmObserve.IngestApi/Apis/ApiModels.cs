using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace LlmObserve.IngestApi.Apis;

/// <summary>A page of results, newest first; <c>next</c> is the cursor of the following page, or null at the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Filters shared by the list endpoints.</summary>
public sealed record ListQuery
{
    [Description("Only items of this cluster.")]
    [FromQuery(Name = "clusterId")]
    public Guid? ClusterId { get; init; }

    [Description("Only items captured at or after this time (ISO 8601).")]
    [FromQuery(Name = "from")]
    public DateTimeOffset? From { get; init; }

    [Description("Only items captured before this time (ISO 8601).")]
    [FromQuery(Name = "to")]
    public DateTimeOffset? To { get; init; }

    [Description("Page size, 1 to 500 (default 100).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [Description("The 'next' value of the previous page.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}
