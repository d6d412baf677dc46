namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>How a cart answered an order that asked to check it out.</summary>
public enum CheckoutStartStatus
{
    /// <summary>The cart is this order's until it completes or abandons the checkout.</summary>
    Started,

    /// <summary>Another order holds the cart (<see cref="CheckoutStart.OrderId"/>).</summary>
    Busy,

    /// <summary>Nothing to buy.</summary>
    Empty,

    /// <summary>Lines whose product is no longer sold (<see cref="CheckoutStart.Unavailable"/>).</summary>
    Unavailable,
}

/// <summary>The answer to <see cref="ICartGrain.BeginCheckoutAsync"/>: the lines taken, priced now, or why none were.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutStart")]
public sealed record CheckoutStart(
    [property: Id(0)] CheckoutStartStatus Status,
    [property: Id(1)] IReadOnlyList<CartLine> Lines,
    [property: Id(2)] Money Total,
    [property: Id(3)] string? OrderId,
    [property: Id(4)] IReadOnlyList<CartQuantity> Unavailable);
