using System.Text.Json.Serialization;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Orders;

/// <summary>The Order of api.md: the order without whose it is.</summary>
public sealed record OrderResponse(
    string Id,
    OrderStatus Status,
    IReadOnlyList<OrderLine> Items,
    Money Total,
    string Email,
    ShippingAddress ShippingAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaymentId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FailureReason)
{
    public static OrderResponse From(OrderDetails o) =>
        new(o.Id, o.Status, o.Items, o.Total, o.Email, o.ShippingAddress, o.CreatedAt, o.UpdatedAt, o.PaymentId, o.FailureReason);
}

public sealed record OrderListResponse(IReadOnlyList<OrderResponse> Items, int Page, int PageSize, long Total);
