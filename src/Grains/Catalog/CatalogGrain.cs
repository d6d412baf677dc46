using Ecommerce.Grains.Interfaces.Listings;
using Ecommerce.Database;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Catalog;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Listings;
using Orleans.Concurrency;

namespace Ecommerce.Grains.Catalog;

/// <summary>
/// Answers catalog listings from the read model table that the product grains' writes keep
/// (Database/Schema/100-catalog.sql), with the statements <see cref="CatalogSql"/> builds.
/// Stateless, so each silo runs as many as it needs; each keeps the counts of the last half
/// second (<see cref="RecentCounts{TKey}"/>).
/// </summary>
[StatelessWorker]
public sealed class CatalogGrain(PooledDataSource dataSource, TimeProvider time) : Grain, ICatalogGrain
{
    private readonly RecentCounts<(string?, string?)> _counts = new(time, RecentCounts.KeptFor, most: 1_000);

    public async Task<ProductPage> SearchAsync(ProductQuery query)
    {
        var (page, count) = CatalogSql.For(query);
        var filters = (query.Search, query.Category);
        var counted = _counts.TryGet(filters, out var recent);
        await using var connection = await dataSource.OpenAsync();
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add(page);
        if (!counted)
        {
            batch.BatchCommands.Add(count);
        }

        await using var reader = await batch.ExecuteReaderAsync();
        var items = new List<ProductDetails>(query.PageSize + 1);
        while (await reader.ReadAsync())
        {
            items.Add(new ProductDetails(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                new Money(reader.GetDecimal(4), reader.GetString(5)), reader.GetBoolean(6)));
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
        return new ProductPage(items, query.Page, query.PageSize, total, lowerBound, more ? items[^1].Sku : null);
    }
}
