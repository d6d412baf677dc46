using System.Text;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Catalog;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Database;
using Npgsql;
using Orleans.Concurrency;

namespace Ecommerce.Grains.Catalog;

/// <summary>
/// Answers catalog searches from the read model table that the product grains' writes keep
/// (see Database/Schema/100-catalog.sql). Stateless, so each silo runs as many as it needs.
/// </summary>
[StatelessWorker]
public sealed class CatalogGrain(PooledDataSource dataSource) : Grain, ICatalogGrain
{
    public async Task<ProductPage> SearchAsync(ProductQuery query)
    {
        var filter = new StringBuilder("active");
        await using var connection = await dataSource.OpenAsync();
        var batch = connection.CreateBatch();
        await using (batch)
        {
            var parameters = new List<NpgsqlParameter>();
            if (!string.IsNullOrEmpty(query.Category))
            {
                filter.Append(" AND lower(category) = lower($1)");
                parameters.Add(new NpgsqlParameter<string> { TypedValue = query.Category });
            }
            if (!string.IsNullOrEmpty(query.Search))
            {
                var n = parameters.Count + 1;
                filter.Append($" AND (name ILIKE ${n} OR description ILIKE ${n})");
                parameters.Add(new NpgsqlParameter<string> { TypedValue = $"%{EscapeLike(query.Search)}%" });
            }

            // Only the filter's shape is spliced into the text (a handful of variants, each
            // auto-prepared); every value travels as a parameter.
            var page = new NpgsqlBatchCommand(
                $"SELECT sku, name, description, category, price, currency, active FROM catalog_products WHERE {filter} " +
                $"ORDER BY sku LIMIT ${parameters.Count + 1} OFFSET ${parameters.Count + 2}");
            var count = new NpgsqlBatchCommand($"SELECT count(*) FROM catalog_products WHERE {filter}");
            foreach (var parameter in parameters)
            {
                page.Parameters.Add(parameter.Clone());
                count.Parameters.Add(parameter.Clone());
            }
            page.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize });
            page.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)(query.Page - 1) * query.PageSize });
            batch.BatchCommands.Add(page);
            batch.BatchCommands.Add(count);

            await using var reader = await batch.ExecuteReaderAsync();
            var items = new List<ProductDetails>(query.PageSize);
            while (await reader.ReadAsync())
            {
                items.Add(new ProductDetails(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    new Money(reader.GetDecimal(4), reader.GetString(5)), reader.GetBoolean(6)));
            }
            await reader.NextResultAsync();
            await reader.ReadAsync();
            return new ProductPage(items, query.Page, query.PageSize, reader.GetInt64(0));
        }
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
