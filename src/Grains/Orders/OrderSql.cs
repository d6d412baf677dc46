using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Interfaces.Listings;
using Ecommerce.Grains.Listings;
using Npgsql;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// The statements an orders listing sends, built from its query: newest first, each walks the
/// index of its filters (Database/Schema/110-orders.sql) from the cursor (or a bounded offset)
/// with a limit, and the count stops one past <see cref="ListingBounds.MaxCounted"/>, so neither grows
/// with the orders table (ListingPlanTests holds the plans).
/// </summary>
public static class OrderSql
{
    /// <param name="stuckBefore">With <see cref="OrderQuery.Stuck"/>: the creation time a stuck order is older than.</param>
    public static (NpgsqlBatchCommand Page, NpgsqlBatchCommand Count) For(OrderQuery query, DateTimeOffset? stuckBefore)
    {
        // One statement per combination of filters, each served by an index; an "IS NULL OR"
        // would defeat a prepared plan.
        var filters = new List<string>();
        var values = new List<NpgsqlParameter>();
        if (query.CustomerId is not null)
        {
            values.Add(new NpgsqlParameter<string> { TypedValue = query.CustomerId });
            filters.Add($"customer_id = ${values.Count}");
        }
        if ((query.Stuck ? OrderStatus.Pending : query.Status) is { } status)
        {
            values.Add(new NpgsqlParameter<string> { TypedValue = status.ToString() });
            filters.Add($"status = ${values.Count}");
        }
        if (query.Stuck && stuckBefore is { } cutOff)
        {
            values.Add(new NpgsqlParameter<DateTime> { TypedValue = cutOff.UtcDateTime });
            filters.Add($"created_at < ${values.Count}");
        }

        var count = ListingSql.Count("orders", Where(filters), NewestFirst, values);
        var page = values.Select(v => v.Clone()).ToList();
        if (query.After is { } after)
        {
            page.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(after.CreatedAtUtc, DateTimeKind.Utc) });
            page.Add(new NpgsqlParameter<string> { TypedValue = after.OrderId });
            filters.Add($"(created_at, order_id) < (${page.Count - 1}, ${page.Count})");
        }
        var pageCommand = ListingSql.Page($"SELECT document, created_at, order_id FROM orders{Where(filters)} {NewestFirst}",
            page, query.Page, query.PageSize, byCursor: query.After is not null);
        return (pageCommand, count);
    }

    private const string NewestFirst = "ORDER BY created_at DESC, order_id DESC";

    private static string Where(List<string> filters) => filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
}
