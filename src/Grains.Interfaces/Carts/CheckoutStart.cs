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

    /// <summary>The total differs from <see cref="CheckoutTerms.ExpectedTotal"/> (<see cref="CheckoutStart.Total"/> is the current one).</summary>
    TotalChanged,

    /// <summary>The total is above <see cref="CheckoutTerms.MaxTotal"/>.</summary>
    OverLimit,
}

/// <summary>
/// What the cart's total must meet for an order to take it: the total the customer was shown
/// (null: not given), and the most one order may be (null: no limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutTerms")]
public sealed record CheckoutTerms([property: Id(0)] Money? ExpectedTotal, [property: Id(1)] decimal? MaxTotal);

/// <summary>The answer to <see cref="ICartGrain.BeginCheckoutAsync"/>: the lines taken, priced now, or why none were.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutStart")]
public sealed record CheckoutStart(
    [property: Id(0)] CheckoutStartStatus Status,
    [property: Id(1)] IReadOnlyList<CartLine> Lines,
    [property: Id(2)] Money Total,
    [property: Id(3)] string? OrderId,
    [property: Id(4)] IReadOnlyList<CartQuantity> Unavailable);
