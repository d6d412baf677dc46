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

/// <summary>The public life of an order.</summary>
public enum OrderStatus
{
    Pending,
    Confirmed,
    Failed,
    Cancelled,
}

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
    [property: Id(10)] string? FailureReason);
