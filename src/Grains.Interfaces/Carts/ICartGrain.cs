namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>One customer's cart (key: see <see cref="CartGrainKeys"/>); prices always come from the catalog.</summary>
public interface ICartGrain : IGrainWithStringKey
{
    /// <summary>The cart priced from the product grains, all asked at once.</summary>
    Task<CartView> GetAsync();

    /// <summary>Sets a line's quantity; refuses unknown or discontinued products and a 51st line.</summary>
    Task<CartUpdate> SetQuantityAsync(string sku, int quantity);

    /// <summary>Removes a line if present.</summary>
    Task<CartView> RemoveAsync(string sku);

    /// <summary>Empties the cart.</summary>
    Task ClearAsync();
}
