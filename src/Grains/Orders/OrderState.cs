using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Grains.Orders;

/// <summary>Where an order's workflow stands; each step is stored before the outside call it makes.</summary>
public enum OrderStep
{
    /// <summary>Reserve stock (reservation id: the order id).</summary>
    Reserving,

    /// <summary>Charge (idempotency key: the order id).</summary>
    Charging,

    /// <summary>Release stock, then fail.</summary>
    Releasing,

    /// <summary>Charged; commit stock, empty the cart and send the e-mail if not done yet.</summary>
    Confirmed,

    /// <summary>Refund (key: "refund-" + the order id) and release stock.</summary>
    Cancelling,

    Failed,
    Cancelled,
}

/// <summary>An order as stored, as camelCase JSON under the state name "order" (read by the orders read model).</summary>
[GenerateSerializer, Alias("Ecommerce.OrderState")]
public sealed class OrderState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string CustomerId { get; set; } = "";
    [Id(2)] public string Fingerprint { get; set; } = "";
    [Id(3)] public OrderStep Step { get; set; }
    /// <summary>The public status, which follows from the step (stored in the JSON for the orders read model).</summary>
    public OrderStatus Status => Step switch
    {
        OrderStep.Confirmed or OrderStep.Cancelling => OrderStatus.Confirmed,
        OrderStep.Failed => OrderStatus.Failed,
        OrderStep.Cancelled => OrderStatus.Cancelled,
        _ => OrderStatus.Pending,
    };
    [Id(5)] public List<OrderLine> Items { get; set; } = [];
    [Id(6)] public Money Total { get; set; } = new(0m, "");
    [Id(7)] public string Email { get; set; } = "";
    [Id(8)] public ShippingAddress ShippingAddress { get; set; } = new("", "", null, "", "", "");
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(11)] public string? PaymentId { get; set; }
    [Id(12)] public string? FailureReason { get; set; }
    /// <summary>What the first checkout request was answered; replays answer the same until the order is confirmed.</summary>
    [Id(13)] public CheckoutOutcome? AnsweredWith { get; set; }
    [Id(14)] public List<string> ShortSkus { get; set; } = [];
    [Id(15)] public bool StockCommitted { get; set; }
    [Id(16)] public bool CartCleared { get; set; }
    [Id(17)] public bool EmailSent { get; set; }

    public string ReservationId => Id;
    public string PaymentKey => Id;
    public string RefundKey => $"refund-{Id}";
    public string EmailId => $"{Id}-confirmation";

    public bool IsFinished => Step is OrderStep.Failed or OrderStep.Cancelled
        || (Step == OrderStep.Confirmed && StockCommitted && CartCleared && EmailSent);

    public OrderDetails ToDetails() => new(Id, CustomerId, Status, Items, Total, Email, ShippingAddress,
        CreatedAt, UpdatedAt, PaymentId, FailureReason);
}
