namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>One customer's cart (key: see <see cref="CartGrainKeys"/>); prices always come from the catalog.</summary>
public interface ICartGrain : IGrainWithStringKey
{
    /// <summary>Most different products one cart holds; a line past it is refused (<see cref="CartUpdateStatus.TooManyLines"/>).</summary>
    const int MaxLines = 50;

    /// <summary>The cart priced from the product grains, all asked at once.</summary>
    Task<CartView> GetAsync();

    /// <summary>Sets a line's quantity; refuses unknown or discontinued products and a line past <see cref="MaxLines"/>.</summary>
    Task<CartUpdate> SetQuantityAsync(string sku, int quantity);

    /// <summary>Removes a line if present.</summary>
    Task<CartView> RemoveAsync(string sku);

    /// <summary>Empties the cart (an order checking it out keeps the lines it took).</summary>
    Task ClearAsync();

    /// <summary>
    /// Gives the cart's lines to one order, and to no other until that order completes or
    /// abandons the checkout; asking again with the same order id gets the same lines. A total
    /// that does not meet <paramref name="terms"/> is refused, and nothing is locked.
    /// </summary>
    Task<CheckoutStart> BeginCheckoutAsync(string orderId, CheckoutTerms? terms);

    /// <summary>
    /// The order is confirmed: exactly the quantities it took leave the cart, and lines added or
    /// raised since stay. Safe to repeat. <paramref name="ordered"/> is used only for an order
    /// that began before carts were locked.
    /// </summary>
    Task CompleteCheckoutAsync(string orderId, IReadOnlyList<CartQuantity> ordered);

    /// <summary>The order failed: the cart is free again, its lines untouched. Safe to repeat.</summary>
    Task AbandonCheckoutAsync(string orderId);
}
