using Ecommerce.Grains.Email;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Inventory;
using Ecommerce.Grains.Payments;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// The call each step of <see cref="OrderWorkflow"/> makes, one method a step, on the order as it
/// stands. Every call carries an id derived from the order, so repeating it is harmless; what a
/// call learns (the lines, the payment id, the skus short of stock) is kept on the order and
/// stored with the next step. A service that fails throws its <c>ServiceCallException</c>.
/// </summary>
public sealed class OrderCalls(
    Func<OrderState> order, IGrainFactory grains, InventoryClient inventory, PaymentClient payment, EmailClient email,
    TimeSpan emailBudget, ILogger logger)
{
    private OrderState Order => order();

    private ICartGrain Cart => grains.GetCart(Order.CustomerId);

    /// <summary>Why the cart refused the last take (busy, empty, unbuyable lines, the terms); answered, never stored.</summary>
    public CheckoutStart? Refusal { get; private set; }

    public async Task<StepResult> TakeCartAsync(CancellationToken cancellationToken)
    {
        var start = await Cart.BeginCheckoutAsync(Order.Id, Order.Terms);
        if (start.Status != CheckoutStartStatus.Started)
        {
            Refusal = start;
            return StepResult.Refused;
        }
        Refusal = null;
        Order.Items = [.. start.Lines.Select(l => new OrderLine(l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))];
        Order.Total = start.Total;
        return StepResult.Done;
    }

    public async Task<StepResult> ReserveAsync(CancellationToken cancellationToken)
    {
        var missing = await inventory.ReserveAsync(Order.ReservationId, Order.Items.Select(i => (i.Sku, i.Quantity)), cancellationToken);
        Order.ShortSkus = [.. missing];
        return missing.Count == 0 ? StepResult.Done : StepResult.Refused;
    }

    /// <summary>
    /// Only a definite answer settles a payment: on any failure the same key is replayed, so a
    /// charge whose reply was lost is found, never repeated.
    /// </summary>
    public async Task<StepResult> ChargeAsync(CancellationToken cancellationToken)
    {
        var charge = await payment.ChargeAsync(Order.Total.Amount, Order.Total.Currency, Order.Id, Order.PaymentKey, cancellationToken);
        if (charge is ChargeResult.Charged charged)
        {
            Order.PaymentId = charged.PaymentId;
            return StepResult.Done;
        }
        return StepResult.Refused;
    }

    public async Task<StepResult> CommitAsync(CancellationToken cancellationToken) =>
        await inventory.CommitAsync(Order.ReservationId, cancellationToken) ? StepResult.Done : StepResult.Refused;

    public async Task<StepResult> CompleteCartAsync(CancellationToken cancellationToken)
    {
        await Cart.CompleteCheckoutAsync(Order.Id, [.. Order.Items.Select(i => new CartQuantity(i.Sku, i.Quantity))]);
        return StepResult.Done;
    }

    /// <summary>
    /// Sent in time, the order is written once more (Confirmed), not twice (Emailing, then
    /// Confirmed); the customer waits at most the budget for it.
    /// </summary>
    public async Task<StepResult> ConfirmWithinBudgetAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(emailBudget);
        return await SendConfirmationAsync(budget.Token);
    }

    public async Task<StepResult> SendConfirmationAsync(CancellationToken cancellationToken)
    {
        await email.SendAsync(Order.EmailId, Order.Email, $"Your order {Order.Id} is confirmed",
            $"Thank you. We received {Order.Total.Amount:0.00} {Order.Total.Currency} for {Order.Items.Sum(i => i.Quantity)} item(s).",
            Order.Id, cancellationToken);
        Order.EmailSent = true;
        return StepResult.Done;
    }

    /// <summary>The confirmation first if it is still due, so no shipping notice comes before it.</summary>
    public async Task<StepResult> NotifyShipmentAsync(CancellationToken cancellationToken)
    {
        if (!Order.EmailSent)
        {
            await SendConfirmationAsync(cancellationToken);
        }
        if (!Order.ShippingEmailSent)
        {
            await email.SendAsync(Order.ShippingEmailId, Order.Email, $"Your order {Order.Id} has shipped",
                $"It travels with {Order.Shipment!.Carrier}, tracking number {Order.Shipment.TrackingNumber}.", Order.Id, cancellationToken);
            Order.ShippingEmailSent = true;
        }
        return StepResult.Done;
    }

    /// <summary>
    /// By the charge's key, not its id: an order failed while its charge was unsettled has no id,
    /// and the refund also closes the key against a charge still in flight.
    /// </summary>
    public async Task<StepResult> RefundAsync(CancellationToken cancellationToken)
    {
        await payment.RefundAsync(Order.PaymentKey, Order.RefundKey, cancellationToken);
        return StepResult.Done;
    }

    public async Task<StepResult> ReleaseAsync(CancellationToken cancellationToken)
    {
        await inventory.ReleaseAsync(Order.ReservationId, cancellationToken);
        return StepResult.Done;
    }

    public async Task<StepResult> ReopenCartAsync(CancellationToken cancellationToken)
    {
        await Cart.AbandonCheckoutAsync(Order.Id);
        return StepResult.Done;
    }

    /// <summary>Legacy: see <see cref="Legacy.SettlingStep"/>.</summary>
    public Task<StepResult> SettleAsync(CancellationToken cancellationToken) =>
        Legacy.SettlingStep.RunAsync(Order, Cart, inventory, logger, cancellationToken);
}
