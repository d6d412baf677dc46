using System.Text;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Catalog;
using Ecommerce.Grains.Interfaces.Listings;
using Ecommerce.Grains.Listings;
using Npgsql;

namespace Ecommerce.Grains.Catalog;

/// <summary>
/// The statements a catalog listing sends, built from its query: the page walks an index in sku
/// order from the cursor (or a bounded offset) with a limit, and the count stops one past
/// <see cref="ListingBounds.MaxCounted"/>, so neither grows with the catalog
/// (Database/Schema/100-catalog.sql has the indexes; ListingPlanTests holds the plans).
/// </summary>
public static class CatalogSql
{
    /// <summary>The page (one row more than asked, to tell whether another follows) and the bounded count.</summary>
    public static (NpgsqlBatchCommand Page, NpgsqlBatchCommand Count) For(ProductQuery query)
    {
        var filter = new StringBuilder("active");
        var values = new List<NpgsqlParameter>();
        if (!string.IsNullOrEmpty(query.Category))
        {
            values.Add(new NpgsqlParameter<string> { TypedValue = query.Category });
            filter.Append($" AND category_key = lower(${values.Count})");
        }
        if (!string.IsNullOrEmpty(query.Search))
        {
            values.Add(new NpgsqlParameter<string> { TypedValue = $"%{EscapeLike(query.Search)}%" });
            filter.Append($" AND (name ILIKE ${values.Count} OR description ILIKE ${values.Count})");
        }

        // Only the filter's shape is spliced into the text (a handful of variants, each
        // auto-prepared); every value travels as a parameter.
        var count = ListingSql.Count("catalog_products", $" WHERE {filter}", BySku, values);
        var page = values.Select(v => v.Clone()).ToList();
        if (query.After is { } after)
        {
            page.Add(new NpgsqlParameter<string> { TypedValue = after });
            filter.Append($" AND sku > ${page.Count}");
        }
        var pageCommand = ListingSql.Page(
            $"SELECT sku, name, description, category, price, currency, active FROM catalog_products WHERE {filter} {BySku}",
            page, query.Page, query.PageSize, byCursor: query.After is not null);
        return (pageCommand, count);
    }

    private const string BySku = "ORDER BY sku";

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
