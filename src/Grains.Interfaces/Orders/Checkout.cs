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
}

/// <summary>The outcome, the order when one exists, and the skus a stock refusal is about.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutResult")]
public sealed record CheckoutResult(
    [property: Id(0)] CheckoutOutcome Outcome,
    [property: Id(1)] OrderDetails? Order,
    [property: Id(2)] IReadOnlyList<string> Skus);

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
