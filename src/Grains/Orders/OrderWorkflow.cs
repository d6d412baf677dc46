using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.OutsideServices;
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

/// <summary>A step's call, made on the order as it stands (<see cref="OrderCalls"/>).</summary>
public delegate Task<StepResult> StepCall(OrderCalls calls, CancellationToken cancellationToken);

/// <summary>
/// Why an order leaves for Failed from a step, as the step's outcome says: the checkout's answer
/// and the reason shown. <paramref name="error"/> is the service's failure, if the call threw one.
/// </summary>
public delegate (CheckoutOutcome Outcome, string Reason) FailureReason(OrderState order, StepResult result, ServiceCallException? error);

/// <summary>
/// The order workflow, whole: for each step, the call it makes (the step is stored first unless
/// its row says <c>Stored: false</c>, and every call carries an id derived from the order, so it
/// can be repeated harmlessly), the public status while it stands there, the step each outcome
/// leads to, and why an order that leaves for Failed from it failed. A step that leads to itself
/// is retried: by a timer while the order is active, by the sweep of unfinished orders otherwise.
/// The grain only does the calls, the timers and the storage. A new step is one row here and one
/// method in <see cref="OrderCalls"/>.
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
    /// <param name="Failing">Why the order fails when this step's outcome sends it on the way to Failed.</param>
    public sealed record Row(StepCall Call, OrderStatus Status, OrderStep Done, OrderStep Refused, OrderStep Failed,
        bool Stored = true, FailureReason? Failing = null);

    private static readonly OrderStatus Pending = OrderStatus.Pending;
    private static readonly OrderStatus Confirmed = OrderStatus.Confirmed;

    /// <summary>Every step that makes a call. Confirmed, Failed and Cancelled make none; Discarded is never stored.</summary>
    public static IReadOnlyDictionary<OrderStep, Row> Table { get; } = new Dictionary<OrderStep, Row>
    {
        //                    call                                     status     done                  refused            failed
        [Opening] = new((c, t) => c.TakeCartAsync(t), Pending, Reserving, Discarded, Opening),
        [Reserving] = new((c, t) => c.ReserveAsync(t), Pending, Charging, Releasing, Releasing, Stored: false, Failing: ReservationFailed),
        [Charging] = new((c, t) => c.ChargeAsync(t), Pending, OrderStep.Committing, Releasing, Charging, Failing: ChargeRefused),
        [OrderStep.Committing] = new((c, t) => c.CommitAsync(t), Pending, UpdatingCart, Refunding, OrderStep.Committing, Stored: false, Failing: CommitRefused),
        [UpdatingCart] = new((c, t) => c.CompleteCartAsync(t), Pending, Confirming, Confirming, UpdatingCart, Stored: false),
        [Confirming] = new((c, t) => c.ConfirmWithinBudgetAsync(t), Pending, OrderStep.Confirmed, Emailing, Emailing, Stored: false),
        [Emailing] = new((c, t) => c.SendConfirmationAsync(t), Confirmed, OrderStep.Confirmed, OrderStep.Confirmed, Emailing),
        [Settling] = new((c, t) => c.SettleAsync(t), Confirmed, Emailing, Emailing, Settling),
        [Refunding] = new((c, t) => c.RefundAsync(t), Pending, Releasing, Releasing, Refunding),
        [Releasing] = new((c, t) => c.ReleaseAsync(t), Pending, Reopening, Reopening, Releasing),
        [Reopening] = new((c, t) => c.ReopenCartAsync(t), Pending, OrderStep.Failed, OrderStep.Failed, Reopening, Stored: false),
        [Cancelling] = new((c, t) => c.RefundAsync(t), Confirmed, Restocking, Restocking, Cancelling),
        [Restocking] = new((c, t) => c.ReleaseAsync(t), Confirmed, OrderStep.Cancelled, OrderStep.Cancelled, Restocking, Stored: false),
        [NotifyingShipment] = new((c, t) => c.NotifyShipmentAsync(t), OrderStatus.Shipped, OrderStep.Shipped, OrderStep.Shipped, NotifyingShipment),
        [Delivering] = new((c, t) => c.NotifyShipmentAsync(t), OrderStatus.Delivered, OrderStep.Delivered, OrderStep.Delivered, Delivering),
    };

    private static (CheckoutOutcome, string) ReservationFailed(OrderState order, StepResult result, ServiceCallException? error) => (result, error) switch
    {
        (_, { Failure: ServiceFailure.Refused }) => (CheckoutOutcome.ServiceError, $"The inventory service refused the reservation ({error.Message}); nothing was charged."),
        (StepResult.Refused, _) => (CheckoutOutcome.OutOfStock, $"Not enough stock for {string.Join(", ", order.ShortSkus)}."),
        _ => (Outcome(error), $"The inventory service failed ({error?.Failure}); nothing was charged."),
    };

    private static (CheckoutOutcome, string) ChargeRefused(OrderState order, StepResult result, ServiceCallException? error) =>
        error is { Failure: ServiceFailure.Refused }
            ? (CheckoutOutcome.ServiceError, $"The payment gateway refused the charge ({error.Message}); nothing was charged.")
            : (CheckoutOutcome.Declined, "The card was declined.");

    private static (CheckoutOutcome, string) CommitRefused(OrderState order, StepResult result, ServiceCallException? error) =>
        error is { Failure: ServiceFailure.Refused }
            ? (CheckoutOutcome.ServiceError, $"The inventory service refused to commit the stock ({error.Message}); the charge is refunded.")
            : (CheckoutOutcome.ServiceTimeout, "The stock reservation expired before the payment settled; the charge is refunded.");

    /// <summary>How a service's failure is answered: 502 for an error or a refusal, 503 unreachable, 504 no answer in time.</summary>
    public static CheckoutOutcome Outcome(ServiceCallException? error) => Outcome(error?.Failure);

    public static CheckoutOutcome Outcome(ServiceFailure? failure) => failure switch
    {
        ServiceFailure.Error or ServiceFailure.Refused => CheckoutOutcome.ServiceError,
        ServiceFailure.Unavailable => CheckoutOutcome.ServiceUnavailable,
        _ => CheckoutOutcome.ServiceTimeout,
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
