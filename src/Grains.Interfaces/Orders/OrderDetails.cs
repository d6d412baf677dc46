namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>Where an order is shipped.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ShippingAddress")]
public sealed record ShippingAddress(
    [property: Id(0)] string Name,
    [property: Id(1)] string Line1,
    [property: Id(2)] string? Line2,
    [property: Id(3)] string City,
    [property: Id(4)] string PostalCode,
    [property: Id(5)] string Country);

/// <summary>A bought line, at the price it was bought at.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.OrderLine")]
public sealed record OrderLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] Money UnitPrice,
    [property: Id(3)] int Quantity,
    [property: Id(4)] Money LineTotal);

/// <summary>The public life of an order (by name in JSON; new statuses go at the end).</summary>
public enum OrderStatus
{
    Pending,
    Confirmed,
    Failed,
    Cancelled,
    Shipped,
    Delivered,
}

/// <summary>How a shipped order travels.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.Shipment")]
public sealed record Shipment(
    [property: Id(0)] string Carrier,
    [property: Id(1)] string TrackingNumber,
    [property: Id(2)] DateTimeOffset ShippedAt,
    [property: Id(3)] DateTimeOffset? DeliveredAt);

/// <summary>One status the order has had: when, by whom (<c>customer</c>, <c>admin:&lt;id&gt;</c>, <c>system</c>) and why.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] OrderStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] string? Detail);

/// <summary>An order as its customer sees it, plus whose it is.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.OrderDetails")]
public sealed record OrderDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] IReadOnlyList<OrderLine> Items,
    [property: Id(4)] Money Total,
    [property: Id(5)] string Email,
    [property: Id(6)] ShippingAddress ShippingAddress,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] string? PaymentId,
    [property: Id(10)] string? FailureReason,
    [property: Id(11)] Shipment? Shipment,
    [property: Id(12)] IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>Delivered, cancelled or failed: nothing will change any more.</summary>
    public bool IsFinal => Status is OrderStatus.Delivered or OrderStatus.Cancelled or OrderStatus.Failed;
}

/// <summary>
/// One event of an order's live status: its position in the timeline (1, 2, ...) and the order
/// as it stood then (that status, the timeline up to it).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.OrderEvent")]
public sealed record OrderEvent([property: Id(0)] int Id, [property: Id(1)] OrderDetails Order);
