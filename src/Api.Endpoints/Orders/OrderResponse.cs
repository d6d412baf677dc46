using System.Text.Json.Serialization;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Orders;

/// <summary>The Order of api.md.</summary>
public sealed record OrderResponse(
    string Id,
    string CustomerId,
    OrderStatus Status,
    IReadOnlyList<OrderLine> Items,
    Money Total,
    string Email,
    ShippingAddress ShippingAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaymentId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FailureReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ShipmentResponse? Shipment,
    IReadOnlyList<TimelineResponse> Timeline)
{
    public static OrderResponse From(OrderDetails o) =>
        new(o.Id, o.CustomerId, o.Status, o.Items, o.Total, o.Email, o.ShippingAddress, o.CreatedAt, o.UpdatedAt, o.PaymentId, o.FailureReason,
            o.Shipment is { } s ? new ShipmentResponse(s.Carrier, s.TrackingNumber, s.ShippedAt, s.DeliveredAt) : null,
            [.. o.Timeline.Select(t => new TimelineResponse(t.Status, t.At, t.By, t.Detail))]);
}

public sealed record ShipmentResponse(
    string Carrier,
    string TrackingNumber,
    DateTimeOffset ShippedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DeliveredAt);

public sealed record TimelineResponse(
    OrderStatus Status,
    DateTimeOffset At,
    string By,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail);

/// <summary>A page of orders (api.md, Listings): <c>next</c> is null on the last page; <c>totalIsLowerBound</c> appears only when true.</summary>
public sealed record OrderListResponse(
    IReadOnlyList<OrderResponse> Items,
    int Page,
    int PageSize,
    long Total,
    string? Next,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TotalIsLowerBound);

/// <summary>The body of <c>POST /api/orders/{id}/ship</c>.</summary>
public sealed record ShipRequest(
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(64, MinimumLength = 1)] string Carrier,
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(64, MinimumLength = 1)] string TrackingNumber);
