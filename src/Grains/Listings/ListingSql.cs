using Ecommerce.Grains.Interfaces.Listings;
using Npgsql;

namespace Ecommerce.Grains.Listings;

/// <summary>What every listing's statements share: the bounded count, the page's limit and offset, the row read past the page.</summary>
internal static class ListingSql
{
    /// <summary>
    /// How many rows <paramref name="where"/> selects, counted no further than one past
    /// <see cref="ListingBounds.MaxCounted"/>. Ordered as the page is, so that it walks the page's
    /// index and stops at the bound (a bitmap scan would read every match first, and a scan of the
    /// table all of it when matches are rare).
    /// </summary>
    public static NpgsqlBatchCommand Count(string table, string where, string orderBy, IEnumerable<NpgsqlParameter> values)
    {
        var count = new NpgsqlBatchCommand(
            $"SELECT count(*) FROM (SELECT 1 FROM {table}{where} {orderBy} LIMIT {ListingBounds.MaxCounted + 1}) AS matching");
        count.Parameters.AddRange(values.Select(v => v.Clone()).ToArray());
        return count;
    }

    /// <summary>
    /// The page's statement: <paramref name="select"/> with one row more than the page, to tell
    /// whether another follows; a page by number (no cursor) skips the pages before it, a bounded
    /// offset (<see cref="ListingBounds.MaxOffset"/>).
    /// </summary>
    public static NpgsqlBatchCommand Page(string select, List<NpgsqlParameter> values, int page, int pageSize, bool byCursor)
    {
        values.Add(new NpgsqlParameter<int> { TypedValue = pageSize + 1 });
        var text = $"{select} LIMIT ${values.Count}";
        if (!byCursor)
        {
            values.Add(new NpgsqlParameter<int> { TypedValue = (page - 1) * pageSize });
            text += $" OFFSET ${values.Count}";
        }
        var command = new NpgsqlBatchCommand(text);
        command.Parameters.AddRange(values.ToArray());
        return command;
    }

    /// <summary>Drops the row read past the page, if there was one: whether another page follows.</summary>
    public static bool TrimExtra<T>(List<T> items, int pageSize)
    {
        if (items.Count <= pageSize)
        {
            return false;
        }
        items.RemoveAt(items.Count - 1);
        return true;
    }
}
