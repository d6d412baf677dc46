using Orleans.Concurrency;

namespace Ecommerce.Grains.Interfaces.Products;

/// <summary>One product, keyed by its sku (see <see cref="ProductGrainKeys"/>): the catalog's source of truth.</summary>
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>The product, discontinued or not; null if it was never created.</summary>
    /// <remarks>Read-only: every cart prices its lines here, so reads of a popular product interleave.</remarks>
    [ReadOnly]
    Task<ProductDetails?> GetAsync();

    /// <summary>Creates the product, listed; null if the sku is already taken (even by a discontinued product).</summary>
    Task<ProductDetails?> CreateAsync(ProductDraft draft);

    /// <summary>Replaces name, description, category and price, keeping whether it is listed; null if unknown.</summary>
    Task<ProductDetails?> UpdateAsync(ProductDraft draft);

    /// <summary>Hides the product from listings and carts for good; false if unknown.</summary>
    Task<bool> DiscontinueAsync();
}
