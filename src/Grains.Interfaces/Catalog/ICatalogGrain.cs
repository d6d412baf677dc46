namespace Ecommerce.Grains.Interfaces.Catalog;

/// <summary>Searches the catalog read model; never fans out to product grains.</summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>One page of listed products matching the query, ordered by sku, with the total count.</summary>
    Task<ProductPage> SearchAsync(ProductQuery query);
}
