using System.Text.Json.Serialization;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;

namespace Ecommerce.Api.Carts;

/// <summary>The Cart of api.md.</summary>
public sealed record CartResponse(
    IReadOnlyList<CartLine> Items,
    IReadOnlyList<CartQuantity> Unavailable,
    Money Total,
    DateTimeOffset? UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CartCheckoutResponse? Checkout)
{
    public static CartResponse From(CartView cart, string shopCurrency) =>
        new(cart.Items, cart.Unavailable, cart.Items.Count == 0 ? new Money(0.00m, shopCurrency) : cart.Total, cart.UpdatedAt,
            cart.CheckoutOrderId is { } orderId ? new CartCheckoutResponse(orderId) : null);
}

/// <summary>The order checking the cart out while it is pending.</summary>
public sealed record CartCheckoutResponse(string OrderId);

/// <summary>The body of <c>PUT /api/cart/items/{sku}</c>.</summary>
public sealed record SetQuantityRequest([property: System.ComponentModel.DataAnnotations.Range(1, 99)] int Quantity);
