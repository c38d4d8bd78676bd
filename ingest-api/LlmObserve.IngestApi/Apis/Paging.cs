using System.Linq.Expressions;
using LlmObserve.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.IngestApi.Apis;

/// <summary>What every list endpoint does with <see cref="ListQuery"/>'s paging parameters.</summary>
internal static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>
    /// One page of <paramref name="rows"/> (already tenant-scoped by the DbContext), filtered by
    /// cluster and capture time, newest first, after the cursor; or the problem with the query.
    /// </summary>
    public static async Task<Results<Ok<Page<TItem>>, ProblemHttpResult>> ListAsync<TRow, TItem>(
        IQueryable<TRow> rows, ListQuery query, Expression<Func<TRow, TItem>> select, Func<TItem, KeysetCursor> keyOf, CancellationToken cancellationToken)
        where TRow : class, ICapturedRow
    {
        if (TryRead(query, out var limit, out var cursor) is { } problem)
        {
            return problem;
        }

        if (query.ClusterId is { } cluster)
        {
            rows = rows.Where(r => r.ClusterId == cluster);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(r => r.CapturedAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(r => r.CapturedAt < to);
        }

        if (cursor is { } c)
        {
            rows = rows.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.CapturedAt, r.Id), ValueTuple.Create(c.At, c.Id)));
        }

        var items = await rows.AsNoTracking().OrderByDescending(r => r.CapturedAt).ThenByDescending(r => r.Id)
            .Take(limit + 1).Select(select).ToListAsync(cancellationToken);
        return TypedResults.Ok(ToPage(items, limit, keyOf));
    }

    /// <summary>Checks limit, cursor and time range; a problem result when one is wrong.</summary>
    private static ProblemHttpResult? TryRead(ListQuery query, out int limit, out KeysetCursor? cursor)
    {
        var error = PageRequest.TryRead(query.Limit, query.Cursor, out var request)
            ?? (query.From > query.To ? "from must not be after to." : null);
        (limit, cursor) = (request.Limit, request.After);
        return error is null ? null : Invalid(error);
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

/// <summary>A page's size and where it starts, as the <c>limit</c> and <c>cursor</c> parameters of every list endpoint give them.</summary>
internal readonly record struct PageRequest(int Limit, KeysetCursor? After)
{
    /// <summary>Null when both are usable (a missing limit is <see cref="Paging.DefaultLimit"/>); else what is wrong.</summary>
    public static string? TryRead(int? limit, string? cursor, out PageRequest request)
    {
        request = new PageRequest(limit ?? Paging.DefaultLimit, null);
        if (TryReadLimit(limit, out _) is { } error)
        {
            return error;
        }

        if (cursor is not null)
        {
            if (!KeysetCursor.TryDecode(cursor, out var after))
            {
                return "cursor is not a value this API returned as 'next'.";
            }

            request = request with { After = after };
        }

        return null;
    }

    /// <summary>Null when the limit is 1 to <see cref="Paging.MaxLimit"/> or missing (then <see cref="Paging.DefaultLimit"/>); else what is wrong.</summary>
    public static string? TryReadLimit(int? limit, out int value)
    {
        value = limit ?? Paging.DefaultLimit;
        return value is < 1 or > Paging.MaxLimit ? $"limit must be between 1 and {Paging.MaxLimit}." : null;
    }
}
