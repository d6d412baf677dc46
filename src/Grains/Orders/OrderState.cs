using System.Text.Json.Serialization;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// An order as stored, as camelCase JSON under the state name "order" (read by the orders read
/// model). Rows written by earlier versions stay readable: tests/Ecommerce.Tests/Storage/Golden.
/// </summary>
[GenerateSerializer, Alias("Ecommerce.OrderState")]
public sealed class OrderState
{
    /// <summary>The shape written by this version: 0 before the workflow table, 2 before the timeline.</summary>
    public const int CurrentVersion = 3;

    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string CustomerId { get; set; } = "";
    [Id(2)] public string Fingerprint { get; set; } = "";
    [Id(3)] public OrderStep Step { get; set; }
    /// <summary>The public status, which follows from the step (stored in the JSON for the orders read model).</summary>
    public OrderStatus Status => OrderWorkflow.StatusOf(Step);
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
    /// <summary>Version 0 only: what was done of a confirmed order's work (see <see cref="OrderStep.Settling"/>).</summary>
    [Id(15)] public bool StockCommitted { get; set; }
    [Id(16)] public bool CartCleared { get; set; }
    [Id(17)] public bool EmailSent { get; set; }
    [Id(18)] public int Version { get; set; }
    /// <summary>Why the order failed, as a checkout answers it (out of stock, declined, a service failure).</summary>
    [Id(19)] public CheckoutOutcome? Failure { get; set; }
    /// <summary>Every status the order has had, oldest first; stored with it, the record a watcher resumes from.</summary>
    [Id(20)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(21)] public Shipment? Shipment { get; set; }
    [Id(22)] public bool ShippingEmailSent { get; set; }
    /// <summary>Who asked for the change under way (<c>customer</c>, <c>admin:&lt;id&gt;</c>); the timeline credits them with its status.</summary>
    [Id(23)] public string? RequestedBy { get; set; }
    /// <summary>What the cart's total must meet when the order takes it (kept for an <c>Opening</c> resumed after a crash).</summary>
    [Id(24)] public CheckoutTerms? Terms { get; set; }

    // Keys made from the id, never stored: written into the JSON they took 16 % of every order's
    // row, twice over with the read model's copy (docs/benchmarks.md, storage per order).
    [JsonIgnore] public string ReservationId => Id;
    [JsonIgnore] public string PaymentKey => Id;
    [JsonIgnore] public string RefundKey => $"refund-{Id}";
    [JsonIgnore] public string EmailId => $"{Id}-confirmation";
    [JsonIgnore] public string ShippingEmailId => $"{Id}-shipping";

    /// <summary>A new order at its first step, as its checkout opens it.</summary>
    public static OrderState Open(string id, CheckoutCommand command, DateTimeOffset now) => new()
    {
        Id = id,
        CustomerId = command.CustomerId,
        Fingerprint = command.Fingerprint,
        Step = OrderStep.Opening,
        Email = command.Email,
        ShippingAddress = command.ShippingAddress,
        CreatedAt = now,
        Terms = command.Terms,
        Version = CurrentVersion,
        Timeline = [new TimelineEntry(OrderStatus.Pending, now, "customer", null)],
    };

    /// <summary>Moves to a step; a new status goes on the timeline, credited to whoever asked for it or the system.</summary>
    public void MoveTo(OrderStep next, DateTimeOffset at)
    {
        var before = Status;
        Step = next;
        if (Status != before)
        {
            var detail = Status switch
            {
                OrderStatus.Failed => FailureReason,
                OrderStatus.Cancelled => $"Refunded {Total.Amount:0.00} {Total.Currency}.",
                OrderStatus.Shipped => $"{Shipment?.Carrier} {Shipment?.TrackingNumber}",
                _ => null,
            };
            // A pending order has no requester unless an admin failed it.
            var by = Status is OrderStatus.Confirmed ? "system" : RequestedBy ?? "system";
            Timeline.Add(new TimelineEntry(Status, at, by, detail));
        }
    }

    public OrderDetails ToDetails() => new(Id, CustomerId, Status, Items, Total, Email, ShippingAddress,
        CreatedAt, UpdatedAt, PaymentId, FailureReason, Shipment, [.. Timeline]);
}
