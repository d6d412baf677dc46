using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.OutsideServices;

namespace Ecommerce.Grains.Orders;

/// <summary>What a checkout is answered, and the reasons an order gives for failing, in one place.</summary>
public static class OrderAnswers
{
    /// <summary>
    /// The answer to a checkout: the cart's refusal when no order was kept; confirmed once charged
    /// and no longer pending; a failed order's first answer or its failure; a pending one's first
    /// answer or how the last call failed.
    /// </summary>
    public static CheckoutResult Checkout(OrderState? order, CheckoutStart? refusal, ServiceFailure? failure)
    {
        if (order is null)
        {
            return refusal switch
            {
                { Status: CheckoutStartStatus.Busy } => new CheckoutResult(CheckoutOutcome.CartBusy, null, [], refusal.OrderId),
                { Status: CheckoutStartStatus.Unavailable } => new CheckoutResult(CheckoutOutcome.Unavailable, null, [.. refusal.Unavailable.Select(u => u.Sku)]),
                { Status: CheckoutStartStatus.Empty } => new CheckoutResult(CheckoutOutcome.EmptyCart, null, []),
                { Status: CheckoutStartStatus.TotalChanged } => new CheckoutResult(CheckoutOutcome.TotalChanged, null, [], Total: refusal.Total),
                { Status: CheckoutStartStatus.OverLimit } => new CheckoutResult(CheckoutOutcome.OverLimit, null, [], Total: refusal.Total),
                _ => new CheckoutResult(OrderWorkflow.Outcome(failure ?? ServiceFailure.Unavailable), null, []),
            };
        }
        var outcome = order switch
        {
            { PaymentId: not null, Status: not OrderStatus.Pending } => CheckoutOutcome.Confirmed,
            { Status: OrderStatus.Failed } => order.AnsweredWith ?? order.Failure ?? CheckoutOutcome.ServiceError,
            _ => order.AnsweredWith ?? (failure is null ? CheckoutOutcome.ServiceTimeout : OrderWorkflow.Outcome(failure)),
        };
        return new CheckoutResult(outcome, order.ToDetails(), outcome == CheckoutOutcome.OutOfStock ? order.ShortSkus : []);
    }

    /// <summary>Why an order that was already answered failed when the cart refused it.</summary>
    public static string WhyDiscarded(CheckoutStart? refusal) => refusal?.Status switch
    {
        CheckoutStartStatus.Busy => $"Another checkout of the cart, order {refusal.OrderId}, took it first.",
        CheckoutStartStatus.Unavailable => "The cart held products no longer sold.",
        CheckoutStartStatus.TotalChanged => $"The cart's total was {Format(refusal.Total)}, not the total the customer was shown.",
        CheckoutStartStatus.OverLimit => $"The cart's total, {Format(refusal.Total)}, was above the most one order may be.",
        _ => "The cart was empty by the time the order could take it.",
    };

    /// <summary>Why an order an admin failed failed, by what it was doing.</summary>
    public static string FailedByAdmin(OrderStep step) => step switch
    {
        OrderStep.Opening => "Failed by an admin while taking the cart's lines; nothing was charged.",
        OrderStep.Reserving => "Failed by an admin while reserving its stock; nothing was charged.",
        OrderStep.Charging => "Failed by an admin while its payment was unsettled; any charge is refunded and the stock released.",
        _ => "Failed by an admin while completing its checkout; the charge is refunded and the stock released.",
    };

    private static string Format(Money total) => $"{total.Amount:0.00} {total.Currency}";
}
