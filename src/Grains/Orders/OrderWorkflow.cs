using Ecommerce.Grains.Interfaces.Orders;
using static Ecommerce.Grains.Orders.OrderStep;

namespace Ecommerce.Grains.Orders;

/// <summary>How a step's call ended.</summary>
public enum StepResult
{
    /// <summary>It did what it asked for.</summary>
    Done,

    /// <summary>A definite no: busy, empty or unbuyable cart, not enough stock, declined, reservation gone, or any other definite refusal of a service (a 4xx other than 408/429).</summary>
    Refused,

    /// <summary>No definite answer: an error answer, unreachable, no answer in time, or a reply lost after the work.</summary>
    Failed,
}

/// <summary>
/// The order workflow, whole: for each step, the call it makes (the step is stored first, and
/// every call carries an id derived from the order, so it can be repeated harmlessly), the
/// public status while it stands there, and the step each outcome leads to. A step that leads
/// to itself is retried: by a timer while the order is active, by the sweep of unfinished
/// orders otherwise.
/// The grain only does the calls, the timers and the storage.
/// </summary>
public static class OrderWorkflow
{
    /// <param name="Stored">
    /// Whether the order is written as it enters the step. A step entered from another with the
    /// same status, whose predecessors' calls are all keyed, need not be: after a crash the order
    /// resumes from the step stored before it, repeats those calls, gets the same answers, and
    /// arrives here again. Each write skipped is a database round trip off every checkout. (The
    /// cart answers an order that holds its lock with the lines it took, whatever changed since,
    /// so <c>Opening</c> too answers a repeat the same.)
    /// </param>
    public sealed record Row(string Call, OrderStatus Status, OrderStep Done, OrderStep Refused, OrderStep Failed, bool Stored = true);

    private static readonly OrderStatus Pending = OrderStatus.Pending;
    private static readonly OrderStatus Confirmed = OrderStatus.Confirmed;

    /// <summary>Every step that makes a call. Confirmed, Failed and Cancelled make none; Discarded is never stored.</summary>
    public static IReadOnlyDictionary<OrderStep, Row> Table { get; } = new Dictionary<OrderStep, Row>
    {
        //                    call (id it carries)                                   status    done          refused       failed
        [Opening] = new("cart: take its lines, locking it to this order", Pending, Reserving, Discarded, Opening),
        [Reserving] = new("inventory: reserve every line (reservation id = order id)", Pending, Charging, Releasing, Releasing, Stored: false),
        [Charging] = new("payment: charge the total (key = order id)", Pending, OrderStep.Committing, Releasing, Charging),
        [OrderStep.Committing] = new("inventory: commit the reservation", Pending, UpdatingCart, Refunding, OrderStep.Committing, Stored: false),
        [UpdatingCart] = new("cart: take out the quantities ordered, unlock", Pending, Confirming, Confirming, UpdatingCart, Stored: false),
        [Confirming] = new("e-mail: confirmation, once, within Orders:ConfirmationEmailBudget (message id = order id + '-confirmation')", Pending, OrderStep.Confirmed, Emailing, Emailing, Stored: false),
        [Emailing] = new("e-mail: confirmation (message id = order id + '-confirmation')", Confirmed, OrderStep.Confirmed, OrderStep.Confirmed, Emailing),
        [Settling] = new("inventory: commit; cart: take out the lines (orders stored before the table)", Confirmed, Emailing, Emailing, Settling),
        [Refunding] = new("payment: refund what the order's key charged, closing the key (refund key = 'refund-' + order id)", Pending, Releasing, Releasing, Refunding),
        [Releasing] = new("inventory: release (also closes the id against a late reserve)", Pending, Reopening, Reopening, Releasing),
        [Reopening] = new("cart: unlock, lines untouched", Pending, OrderStep.Failed, OrderStep.Failed, Reopening, Stored: false),
        [Cancelling] = new("payment: refund (key = 'refund-' + order id)", Confirmed, Restocking, Restocking, Cancelling),
        [Restocking] = new("inventory: release", Confirmed, OrderStep.Cancelled, OrderStep.Cancelled, Restocking, Stored: false),
        [NotifyingShipment] = new("e-mail: the confirmation if not sent yet, then the shipping notice (id = order id + '-shipping')", OrderStatus.Shipped, OrderStep.Shipped, OrderStep.Shipped, NotifyingShipment),
        [Delivering] = new("e-mail: the shipping notice if not sent yet", OrderStatus.Delivered, OrderStep.Delivered, OrderStep.Delivered, Delivering),
    };

    /// <summary>Where a step's outcome leads.</summary>
    public static OrderStep Next(OrderStep step, StepResult result)
    {
        var row = Table[step];
        return result switch
        {
            StepResult.Done => row.Done,
            StepResult.Refused => row.Refused,
            _ => row.Failed,
        };
    }

    /// <summary>Whether the order is written as it enters the step (idle steps always are).</summary>
    public static bool IsStored(OrderStep step) => !Table.TryGetValue(step, out var row) || row.Stored;

    /// <summary>The public status while an order stands at a step.</summary>
    public static OrderStatus StatusOf(OrderStep step) => step switch
    {
        OrderStep.Confirmed => OrderStatus.Confirmed,
        OrderStep.Failed => OrderStatus.Failed,
        OrderStep.Cancelled => OrderStatus.Cancelled,
        OrderStep.Shipped => OrderStatus.Shipped,
        OrderStep.Delivered => OrderStatus.Delivered,
        _ => Table.TryGetValue(step, out var row) ? row.Status : OrderStatus.Pending,
    };

    /// <summary>Nothing left to do at this step until someone asks for something.</summary>
    public static bool IsIdle(OrderStep step) =>
        step is OrderStep.Confirmed or OrderStep.Failed or OrderStep.Cancelled or OrderStep.Shipped or OrderStep.Delivered or Discarded;

    /// <summary>A customer may cancel a confirmed order, not a shipped one (the e-mail not yet sent is then not sent).</summary>
    public static bool CanCancel(OrderStep step) => step is OrderStep.Confirmed or Emailing or Settling;

    /// <summary>An admin may ship a confirmed order; its confirmation e-mail, if still due, goes out first.</summary>
    public static bool CanShip(OrderStep step) => step is OrderStep.Confirmed or Emailing;

    /// <summary>An admin may mark a shipped order delivered; its shipping e-mail, if still due, still goes out.</summary>
    public static bool CanDeliver(OrderStep step) => step is NotifyingShipment or OrderStep.Shipped;

    /// <summary>Steps entered on the way to Failed: the failure's reason is recorded as the order enters them.</summary>
    public static bool IsFailurePath(OrderStep step) => step is Refunding or Releasing or Reopening;

    /// <summary>
    /// Where an admin's failing of a pending order leads: every way back, whatever the order did
    /// (the refund by the order's key refunds nothing if nothing was charged, and closes the key
    /// against a charge still in flight). An order already on its way to Failed stays on it.
    /// </summary>
    public static OrderStep FailOnRequest(OrderStep step) => IsFailurePath(step) ? step : Refunding;
}
