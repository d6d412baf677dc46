using System.Text.Json;
using Ecommerce.Grains.Interfaces.Orders;
using Microsoft.Extensions.Options;
using Ecommerce.Database;
using Npgsql;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Ecommerce.Grains.Orders;

/// <summary>Lists orders from the orders read model (Database/Schema/110-orders.sql); never activates order grains.</summary>
[StatelessWorker]
public sealed class OrderQueryGrain(
    PooledDataSource dataSource,
    IOptions<SystemTextJsonGrainStorageSerializerOptions> json,
    IOptions<OrderOptions> options,
    TimeProvider time) : Grain, IOrderQueryGrain
{
    public async Task<OrderPage> ListAsync(string? customerId, OrderStatus? status, bool stuck, int page, int pageSize)
    {
        if (stuck)
        {
            status = OrderStatus.Pending;
        }
        // One statement per combination of filters, each served by an index
        // (Database/Schema/110-orders.sql); an "IS NULL OR" would defeat a prepared plan.
        var filters = new List<string>();
        var values = new List<string>();
        if (customerId is not null)
        {
            values.Add(customerId);
            filters.Add($"customer_id = ${values.Count}");
        }
        if (status is not null)
        {
            values.Add(status.Value.ToString());
            filters.Add($"status = ${values.Count}");
        }
        // Stuck orders are the oldest pending ones: the status index, walked from the cut-off.
        var createdBefore = stuck ? time.GetUtcNow() - options.Value.StuckAfter : (DateTimeOffset?)null;
        if (createdBefore is not null)
        {
            filters.Add($"created_at < ${values.Count + 1}");
        }
        var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
        var next = values.Count + (createdBefore is null ? 1 : 2);

        await using var connection = await dataSource.OpenAsync();
        await using var batch = connection.CreateBatch();
        var list = new NpgsqlBatchCommand(
            $"SELECT document FROM orders {where} ORDER BY created_at DESC, order_id DESC LIMIT ${next} OFFSET ${next + 1}");
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM orders {where}");
        foreach (var value in values)
        {
            list.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }
        if (createdBefore is { } cutOff)
        {
            list.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutOff });
            count.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutOff });
        }
        list.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize });
        list.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)(page - 1) * pageSize });
        batch.BatchCommands.Add(list);
        batch.BatchCommands.Add(count);

        await using var reader = await batch.ExecuteReaderAsync();
        var items = new List<OrderDetails>(pageSize);
        while (await reader.ReadAsync())
        {
            var order = JsonSerializer.Deserialize<OrderState>(reader.GetString(0), json.Value.JsonSerializerOptions)!;
            order.Upgrade();
            items.Add(order.ToDetails());
        }
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return new OrderPage(items, page, pageSize, reader.GetInt64(0));
    }
}
