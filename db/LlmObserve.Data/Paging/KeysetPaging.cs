using System.Linq.Expressions;
using LlmObserve.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmObserve.Data.Paging;

/// <summary>A page of items and the cursor of the next page (null on the last page).</summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, KeysetCursor? Next);

/// <summary>
/// Keyset paging of captured rows (exchanges, findings), newest first by (capture time, id): the
/// one implementation behind the REST API's lists and the console's.
/// </summary>
public static class KeysetPaging
{
    /// <summary>
    /// Up to <paramref name="limit"/> rows after <paramref name="after"/>, newest first. One more row is read
    /// only to know whether another page exists.
    /// </summary>
    public static async Task<KeysetPage<TItem>> PageAsync<TRow, TItem>(
        this IQueryable<TRow> rows, KeysetCursor? after, int limit, Expression<Func<TRow, TItem>> select, Func<TItem, KeysetCursor> keyOf,
        CancellationToken cancellationToken)
        where TRow : class, ICapturedRow
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (after is { } c)
        {
            rows = rows.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.CapturedAt, r.Id), ValueTuple.Create(c.At, c.Id)));
        }

        var items = await rows.AsNoTracking().OrderByDescending(r => r.CapturedAt).ThenByDescending(r => r.Id)
            .Take(limit + 1).Select(select).ToListAsync(cancellationToken);
        return ToPage(items, limit, keyOf);
    }

    /// <summary>
    /// The page from up to <paramref name="limit"/> + 1 rows: the extra row only says that another page
    /// exists, and the cursor points after the last row returned.
    /// </summary>
    public static KeysetPage<T> ToPage<T>(IList<T> rows, int limit, Func<T, KeysetCursor> keyOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(keyOf);
        if (rows.Count <= limit)
        {
            return new KeysetPage<T>([.. rows], null);
        }

        rows.RemoveAt(limit);
        return new KeysetPage<T>([.. rows], keyOf(rows[^1]));
    }
}
