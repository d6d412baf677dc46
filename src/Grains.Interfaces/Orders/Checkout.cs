namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>A customer's checkout request; the fingerprint identifies its body for replays.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutCommand")]
public sealed record CheckoutCommand(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string Email,
    [property: Id(2)] ShippingAddress ShippingAddress,
    [property: Id(3)] string Fingerprint);

/// <summary>How a checkout answered; each maps to one status of the API's checkout table.</summary>
public enum CheckoutOutcome
{
    Confirmed,
    EmptyCart,
    DifferentRequest,
    OutOfStock,
    Declined,
    ServiceError,
    ServiceUnavailable,
    ServiceTimeout,

    /// <summary>Another checkout of the same cart is still pending (<see cref="CheckoutResult.PendingOrderId"/>).</summary>
    CartBusy,

    /// <summary>The cart holds lines that are no longer sold (<see cref="CheckoutResult.Skus"/>).</summary>
    Unavailable,
}

/// <summary>The outcome, the order when one exists, the skus a refusal is about, and the order holding the cart.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutResult")]
public sealed record CheckoutResult(
    [property: Id(0)] CheckoutOutcome Outcome,
    [property: Id(1)] OrderDetails? Order,
    [property: Id(2)] IReadOnlyList<string> Skus,
    [property: Id(3)] string? PendingOrderId = null);

/// <summary>How a cancellation answered.</summary>
public enum CancelOutcome
{
    Cancelled,
    NotFound,
    NotConfirmed,
    ServiceError,
    ServiceUnavailable,
    ServiceTimeout,
}

[GenerateSerializer, Immutable, Alias("Ecommerce.CancelResult")]
public sealed record CancelResult([property: Id(0)] CancelOutcome Outcome, [property: Id(1)] OrderDetails? Order);

/// <summary>How a ship or deliver command answered.</summary>
public enum FulfilmentOutcome
{
    Done,
    NotFound,
    Conflict,
}

[GenerateSerializer, Immutable, Alias("Ecommerce.FulfilmentResult")]
public sealed record FulfilmentResult([property: Id(0)] FulfilmentOutcome Outcome, [property: Id(1)] OrderDetails? Order);
