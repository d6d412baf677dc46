using Ecommerce.Grains.Interfaces.Listings;
using System.Text.Json;
using Ecommerce.Database;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Orders;
using Microsoft.Extensions.Options;
using Ecommerce.Grains.Listings;
using Ecommerce.Grains.Orders.Legacy;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// Lists orders from the orders read model (Database/Schema/110-orders.sql) with the statements
/// <see cref="OrderSql"/> builds; never activates order grains. Each keeps the counts of the
/// last half second, as the catalog's listing does (<see cref="RecentCounts{TKey}"/>).
/// </summary>
[StatelessWorker]
public sealed class OrderQueryGrain(
    PooledDataSource dataSource,
    IOptions<SystemTextJsonGrainStorageSerializerOptions> json,
    IOptions<OrderOptions> options,
    TimeProvider time) : Grain, IOrderQueryGrain
{
    private readonly RecentCounts<(string?, OrderStatus?, bool)> _counts = new(time, RecentCounts.KeptFor, most: 1_000);

    public async Task<OrderPage> ListAsync(OrderQuery query)
    {
        var (page, count) = OrderSql.For(query, time.GetUtcNow() - options.Value.StuckAfter);
        var filters = (query.CustomerId, query.Status, query.Stuck);
        var counted = _counts.TryGet(filters, out var recent);
        await using var connection = await dataSource.OpenAsync();
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add(page);
        if (!counted)
        {
            batch.BatchCommands.Add(count);
        }

        await using var reader = await batch.ExecuteReaderAsync();
        var items = new List<OrderDetails>(query.PageSize + 1);
        OrderPosition? last = null;
        while (await reader.ReadAsync())
        {
            var order = JsonSerializer.Deserialize<OrderState>(reader.GetString(0), json.Value.JsonSerializerOptions)!;
            order.Upgrade();
            items.Add(order.ToDetails());
            last = items.Count == query.PageSize ? new OrderPosition(reader.GetDateTime(1), reader.GetString(2)) : last;
        }
        if (!counted)
        {
            await reader.NextResultAsync();
            await reader.ReadAsync();
            recent = reader.GetInt64(0);
            _counts.Add(filters, recent);
        }
        var (total, lowerBound) = ListingBounds.Total(recent);

        var more = ListingSql.TrimExtra(items, query.PageSize);
        return new OrderPage(items, query.Page, query.PageSize, total, lowerBound, more ? last : null);
    }
}
