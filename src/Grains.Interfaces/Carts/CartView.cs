namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>One cart line, priced from the catalog when the cart was read.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CartLine")]
public sealed record CartLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] Money UnitPrice,
    [property: Id(3)] int Quantity,
    [property: Id(4)] Money LineTotal);

/// <summary>
/// A cart as of now: lines of listed products at their current prices, and the skus in it
/// that can no longer be bought (discontinued since they were added).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CartView")]
public sealed record CartView(
    [property: Id(0)] IReadOnlyList<CartLine> Items,
    [property: Id(1)] Money Total,
    [property: Id(2)] DateTimeOffset? UpdatedAt,
    [property: Id(3)] IReadOnlyList<string> Unavailable);

/// <summary>What setting a cart line came to.</summary>
public enum CartUpdateStatus
{
    Updated,
    UnknownProduct,
    TooManyLines,
}

[GenerateSerializer, Immutable, Alias("Ecommerce.CartUpdate")]
public sealed record CartUpdate([property: Id(0)] CartUpdateStatus Status, [property: Id(1)] CartView? Cart);
