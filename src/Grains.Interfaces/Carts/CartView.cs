namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>One cart line, priced from the catalog when the cart was read.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CartLine")]
public sealed record CartLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] Money UnitPrice,
    [property: Id(3)] int Quantity,
    [property: Id(4)] Money LineTotal);

/// <summary>A sku and a quantity, unpriced: a line that cannot be bought, or a line an order took.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CartQuantity")]
public sealed record CartQuantity([property: Id(0)] string Sku, [property: Id(1)] int Quantity);

/// <summary>
/// A cart as of now: lines of listed products at their current prices, the lines that can no
/// longer be bought (discontinued since they were added), and the order checking it out, if any.
/// </summary>
/// <remarks>Id 3 held the unavailable skus alone; it is retired rather than reused.</remarks>
[GenerateSerializer, Immutable, Alias("Ecommerce.CartView")]
public sealed record CartView(
    [property: Id(0)] IReadOnlyList<CartLine> Items,
    [property: Id(1)] Money Total,
    [property: Id(2)] DateTimeOffset? UpdatedAt,
    [property: Id(4)] IReadOnlyList<CartQuantity> Unavailable,
    [property: Id(5)] string? CheckoutOrderId);

/// <summary>What setting a cart line came to.</summary>
public enum CartUpdateStatus
{
    Updated,
    UnknownProduct,
    TooManyLines,
}

[GenerateSerializer, Immutable, Alias("Ecommerce.CartUpdate")]
public sealed record CartUpdate([property: Id(0)] CartUpdateStatus Status, [property: Id(1)] CartView? Cart);
