using System.Linq.Expressions;
using LlmObserve.Data.Entities;
using LlmObserve.Data.Paging;
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

        var page = await rows.PageAsync(cursor, limit, select, keyOf, cancellationToken);
        return TypedResults.Ok(new Page<TItem>(page.Items, page.Next?.Encode()));
    }

    /// <summary>Checks limit, cursor and time range; a problem result when one is wrong.</summary>
    private static ProblemHttpResult? TryRead(ListQuery query, out int limit, out KeysetCursor? cursor)
    {
        var error = PageRequest.TryRead(query.Limit, query.Cursor, out var request)
            ?? (query.From > query.To ? "from must not be after to." : null);
        (limit, cursor) = (request.Limit, request.After);
        return error is null ? null : Invalid(error);
    }

    /// <summary>The REST form of <see cref="KeysetPaging.ToPage"/>: the next cursor encoded.</summary>
    public static Page<T> ToPage<T>(List<T> rows, int limit, Func<T, KeysetCursor> keyOf)
    {
        var page = KeysetPaging.ToPage(rows, limit, keyOf);
        return new Page<T>(page.Items, page.Next?.Encode());
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
