using Ecommerce.Grains.Interfaces.Carts;

namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>
/// A customer's checkout request; the fingerprint identifies its body for replays. The terms are
/// what the cart's total must meet; <see cref="RequestedAt"/> is when the API sent it, so a replay
/// that waited behind the first request answers within the same deadline, not a fresh one.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutCommand")]
public sealed record CheckoutCommand(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string Email,
    [property: Id(2)] ShippingAddress ShippingAddress,
    [property: Id(3)] string Fingerprint,
    [property: Id(4)] CheckoutTerms? Terms = null,
    [property: Id(5)] DateTimeOffset? RequestedAt = null);

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

    /// <summary>The cart's total differs from the one the customer was shown (<see cref="CheckoutResult.Total"/>).</summary>
    TotalChanged,

    /// <summary>The cart's total is above the most one order may be (<see cref="CheckoutResult.Total"/>).</summary>
    OverLimit,
}

/// <summary>
/// The outcome, the order when one exists, the skus a refusal is about, the order holding the
/// cart, and the cart's current total when a refusal is about it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CheckoutResult")]
public sealed record CheckoutResult(
    [property: Id(0)] CheckoutOutcome Outcome,
    [property: Id(1)] OrderDetails? Order,
    [property: Id(2)] IReadOnlyList<string> Skus,
    [property: Id(3)] string? PendingOrderId = null,
    [property: Id(4)] Money? Total = null);

/// <summary>How a cancellation answered.</summary>
public enum CancelOutcome
{
    Cancelled,
    NotFound,
    NotConfirmed,
    /// <summary>A service failed the step the cancellation needs; <see cref="CancelResult.Service"/> says how. It will finish.</summary>
    ServiceFailed,
}

/// <summary>A cancellation's answer; <c>Service</c> is how a service failed it (one of the checkout's service outcomes), with <see cref="CancelOutcome.ServiceFailed"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.CancelResult")]
public sealed record CancelResult([property: Id(0)] CancelOutcome Outcome, [property: Id(1)] OrderDetails? Order,
    [property: Id(2)] CheckoutOutcome? Service = null);

/// <summary>How an admin's failing of a pending order answered.</summary>
public enum FailOutcome
{
    Failed,
    NotFound,
    NotPending,
    /// <summary>A service failed the step the failing needs; <see cref="FailResult.Service"/> says how. It will finish.</summary>
    ServiceFailed,
}

/// <summary>A failing's answer; <c>Service</c> is how a service failed it (one of the checkout's service outcomes), with <see cref="FailOutcome.ServiceFailed"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.FailResult")]
public sealed record FailResult([property: Id(0)] FailOutcome Outcome, [property: Id(1)] OrderDetails? Order,
    [property: Id(2)] CheckoutOutcome? Service = null);

/// <summary>How a ship or deliver command answered.</summary>
public enum FulfilmentOutcome
{
    Done,
    NotFound,
    Conflict,
}

[GenerateSerializer, Immutable, Alias("Ecommerce.FulfilmentResult")]
public sealed record FulfilmentResult([property: Id(0)] FulfilmentOutcome Outcome, [property: Id(1)] OrderDetails? Order);
