using System.Text.Json;
using Ecommerce.Grains.Catalog;
using Ecommerce.Grains.Interfaces.Catalog;
using Ecommerce.Grains.Interfaces.Listings;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Orders;
using Ecommerce.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Storage;

/// <summary>
/// A read model of a few hundred thousand rows, written straight into its tables, and the plan
/// of every statement the listings send (<see cref="CatalogSql"/>, <see cref="OrderSql"/>): an
/// index walked in its order, no sort, no scan of the table, and no node that reads more than a
/// count's bound of rows, whatever the size of the table.
/// </summary>
public sealed class ListingPlanFixture : IAsyncLifetime
{
    public const int Products = 300_000;
    public const int Orders = 300_000;

    public NpgsqlDataSource Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        Data = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using var command = Data.CreateCommand($"""
            INSERT INTO catalog_products (sku, name, description, category, price, currency, active, updated_at)
            SELECT 'sku-' || lpad(i::text, 7, '0'), 'Product ' || i, 'A plain thing number ' || i, CASE WHEN i <= 30000 THEN 'cat-big' ELSE 'cat-' || (i % 50) END,
                   10.00, 'USD', i % 10 <> 0, now()
            FROM generate_series(1, {Products}) AS i;
            INSERT INTO orders (order_id, customer_id, status, created_at, updated_at, document)
            SELECT 'ord_' || i, CASE WHEN i <= 20000 THEN 'customer-big' ELSE 'customer-' || (i % 2000) END,
                   (ARRAY['Pending','Confirmed','Shipped','Delivered','Cancelled','Failed'])[1 + i % 6],
                   timestamptz '2026-01-01' + i * interval '1 second', now(), '{"{}"}'::jsonb
            FROM generate_series(1, {Orders}) AS i;
            """);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
        // Vacuumed, as autovacuum keeps a table in service: index-only scans need the visibility map.
        foreach (var table in new[] { "catalog_products", "orders" })
        {
            await using var vacuum = Data.CreateCommand($"VACUUM ANALYZE {table}");
            vacuum.CommandTimeout = 300;
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync() => await Data.DisposeAsync();
}

public sealed class ListingPlanTests(ListingPlanFixture db, ITestOutputHelper output) : IClassFixture<ListingPlanFixture>
{
    public static TheoryData<string, ProductQuery> CatalogQueries => new()
    {
        { "first page", new ProductQuery(null, null, 1, 20) },
        { "a page by number, at the deepest allowed", new ProductQuery(null, null, 500, 20) },
        { "a page by cursor, deep in the catalog", new ProductQuery(null, null, 9_000, 20, After: "sku-0250000") },
        { "a category", new ProductQuery(null, "Cat-7", 1, 20) },
        { "a category by cursor", new ProductQuery(null, "cat-7", 300, 20, After: "sku-0200007") },
        { "a category of 30,000", new ProductQuery(null, "cat-big", 1, 20) },
        { "a category of 30,000 by cursor", new ProductQuery(null, "cat-big", 600, 20, After: "sku-0025000") },
    };

    public static TheoryData<string, OrderQuery> OrderQueries => new()
    {
        { "every order", new OrderQuery(null, null, false, 1, 20) },
        { "every order by cursor", new OrderQuery(null, null, false, 9_000, 20, new OrderPosition(new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc), "ord_172800")) },
        { "every order, the deepest page by number", new OrderQuery(null, null, false, 500, 20) },
        { "a customer's", new OrderQuery("customer-17", null, false, 1, 20) },
        { "a customer's by cursor", new OrderQuery("customer-17", null, false, 3, 20, new OrderPosition(new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc), "ord_1")) },
        { "by status", new OrderQuery(null, OrderStatus.Confirmed, false, 1, 20) },
        { "by status by cursor", new OrderQuery(null, OrderStatus.Confirmed, false, 40, 20, new OrderPosition(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), "ord_1")) },
        { "a customer's by status", new OrderQuery("customer-17", OrderStatus.Shipped, false, 1, 20) },
        { "a customer with 20,000", new OrderQuery("customer-big", null, false, 1, 20) },
        { "a customer with 20,000 by cursor", new OrderQuery("customer-big", null, false, 400, 20, new OrderPosition(new DateTime(2026, 1, 1, 3, 0, 0, DateTimeKind.Utc), "ord_1")) },
        { "stuck", new OrderQuery(null, null, true, 1, 20) },
    };

    [Theory]
    [MemberData(nameof(CatalogQueries))]
    public async Task EveryCatalogListingWalksAnIndexAndReadsABoundedNumberOfRows(string name, ProductQuery query)
    {
        var (page, count) = CatalogSql.For(query);
        await AssertBoundedAsync($"catalog, {name}, page", page, ListingBoundsPlus(query.PageSize), isCount: false);
        await AssertBoundedAsync($"catalog, {name}, count", count, ListingBounds.MaxCounted + 1, isCount: true);
    }

    [Theory]
    [MemberData(nameof(OrderQueries))]
    public async Task EveryOrderListingWalksAnIndexAndReadsABoundedNumberOfRows(string name, OrderQuery query)
    {
        var (page, count) = OrderSql.For(query, stuckBefore: new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        await AssertBoundedAsync($"orders, {name}, page", page, ListingBoundsPlus(query.PageSize), isCount: false);
        await AssertBoundedAsync($"orders, {name}, count", count, ListingBounds.MaxCounted + 1, isCount: true);
    }

    /// <summary>A page by number skips at most the offset bound; its limit adds one row past the page.</summary>
    private static int ListingBoundsPlus(int pageSize) => ListingBounds.MaxOffset + pageSize + 1;

    /// <summary>
    /// A page walks an index in its order: no sort, no scan of the table, no bitmap (which reads
    /// every match first). A count reads no more than its bound: over a large group it walks the
    /// index and stops there; a group smaller than the bound the planner may read whole, and sort,
    /// which is work bounded the same.
    /// </summary>
    private async Task AssertBoundedAsync(string what, NpgsqlBatchCommand statement, int maxRows, bool isCount)
    {
        await using var explain = db.Data.CreateCommand($"EXPLAIN (ANALYZE, FORMAT JSON) {statement.CommandText}");
        foreach (NpgsqlParameter parameter in statement.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }
        var json = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0];
        var nodes = Nodes(json.GetProperty("Plan")).ToList();
        var shape = string.Join(" > ", nodes.Select(n => n.GetProperty("Node Type").GetString()));
        output.WriteLine($"{what}: {shape}; {json.GetProperty("Execution Time").GetDouble():0.00} ms");

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() is "Seq Scan");
        Assert.True(isCount || !nodes.Any(n => n.GetProperty("Node Type").GetString() is "Sort" or "Incremental Sort" or "Bitmap Heap Scan"),
            $"{what} does not walk an index in its order: {shape}");
        Assert.True(isCount || nodes.Any(n => n.GetProperty("Node Type").GetString() is "Index Scan" or "Index Only Scan"), $"{what}: {shape}");
        foreach (var node in nodes)
        {
            var read = node.GetProperty("Actual Rows").GetDouble() * node.GetProperty("Actual Loops").GetDouble();
            Assert.True(read <= maxRows, $"{what}: {node.GetProperty("Node Type").GetString()} read {read} rows (bound {maxRows}); plan {shape}");
        }
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement plan)
    {
        yield return plan;
        if (plan.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }
}
