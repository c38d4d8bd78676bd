using Microsoft.AspNetCore.Http.HttpResults;

namespace LlmObserve.IngestApi.Apis;

/// <summary>What every list endpoint does with <see cref="ListQuery"/>'s paging parameters.</summary>
internal static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Checks limit, cursor and time range; a problem result when one is wrong.</summary>
    public static ProblemHttpResult? TryRead(ListQuery query, out int limit, out KeysetCursor? cursor)
    {
        limit = query.Limit ?? DefaultLimit;
        cursor = null;
        if (limit is < 1 or > MaxLimit)
        {
            return Invalid($"limit must be between 1 and {MaxLimit}.");
        }

        if (query.Cursor is not null && !KeysetCursor.TryDecode(query.Cursor, out cursor))
        {
            return Invalid("cursor is not a value this API returned as 'next'.");
        }

        if (query.From > query.To)
        {
            return Invalid("from must not be after to.");
        }

        return null;
    }

    /// <summary>
    /// Builds the page from up to <paramref name="limit"/> + 1 rows: the extra row only says that
    /// another page exists, and the cursor points after the last row returned.
    /// </summary>
    public static Page<T> ToPage<T>(List<T> rows, int limit, Func<T, KeysetCursor> keyOf)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<T>(rows, keyOf(rows[^1]).Encode());
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
}
