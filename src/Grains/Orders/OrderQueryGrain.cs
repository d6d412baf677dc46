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
public sealed class OrderQueryGrain(PooledDataSource dataSource, IOptions<SystemTextJsonGrainStorageSerializerOptions> json)
    : Grain, IOrderQueryGrain
{
    public async Task<OrderPage> ListAsync(string customerId, int page, int pageSize)
    {
        await using var connection = await dataSource.OpenAsync();
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT document FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, order_id DESC LIMIT $2 OFFSET $3")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = customerId },
                new NpgsqlParameter<int> { TypedValue = pageSize },
                new NpgsqlParameter<long> { TypedValue = (long)(page - 1) * pageSize },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT count(*) FROM orders WHERE customer_id = $1")
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = customerId } },
        });

        await using var reader = await batch.ExecuteReaderAsync();
        var items = new List<OrderDetails>(pageSize);
        while (await reader.ReadAsync())
        {
            var order = JsonSerializer.Deserialize<OrderState>(reader.GetString(0), json.Value.JsonSerializerOptions)!;
            items.Add(order.ToDetails());
        }
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return new OrderPage(items, page, pageSize, reader.GetInt64(0));
    }
}
