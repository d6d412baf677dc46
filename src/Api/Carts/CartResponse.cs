using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;

namespace Ecommerce.Api.Carts;

/// <summary>The Cart of api.md.</summary>
public sealed record CartResponse(IReadOnlyList<CartLine> Items, Money Total, DateTimeOffset? UpdatedAt)
{
    public static CartResponse From(CartView cart, string shopCurrency) =>
        new(cart.Items, cart.Items.Count == 0 ? new Money(0.00m, shopCurrency) : cart.Total, cart.UpdatedAt);
}

/// <summary>The body of <c>PUT /api/cart/items/{sku}</c>.</summary>
public sealed record SetQuantityRequest([property: System.ComponentModel.DataAnnotations.Range(1, 99)] int Quantity);
