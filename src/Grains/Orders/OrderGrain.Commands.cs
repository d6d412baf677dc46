using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.OutsideServices;

namespace Ecommerce.Grains.Orders;

/// <summary>What customers and admins ask of an order after its checkout: cancel, fail, ship, deliver.</summary>
public sealed partial class OrderGrain
{
    public async Task<CancelResult> CancelAsync()
    {
        if (!_state.RecordExists)
        {
            this.DeactivateOnIdle();
            return new CancelResult(CancelOutcome.NotFound, null);
        }
        if (OrderWorkflow.CanCancel(Order.Step))
        {
            await RequestAsync(OrderStep.Cancelling, "customer");
        }
        if (Order.Step is not (OrderStep.Cancelling or OrderStep.Restocking))
        {
            return new CancelResult(CancelOutcome.NotConfirmed, Order.ToDetails());
        }
        var failure = await AdvanceForAnswerAsync();
        return Order.Step == OrderStep.Cancelled
            ? new CancelResult(CancelOutcome.Cancelled, Order.ToDetails())
            : new CancelResult(CancelOutcome.ServiceFailed, Order.ToDetails(), OrderWorkflow.Outcome(failure));
    }

    public async Task<FailResult> FailAsync(string adminId)
    {
        if (!_state.RecordExists)
        {
            this.DeactivateOnIdle();
            return new FailResult(FailOutcome.NotFound, null);
        }
        if (Order.Status != OrderStatus.Pending)
        {
            return new FailResult(FailOutcome.NotPending, Order.ToDetails());
        }
        if (OrderWorkflow.FailOnRequest(Order.Step) is var next && next != Order.Step)
        {
            (Order.Failure, Order.FailureReason) = (Order.AnsweredWith ?? CheckoutOutcome.ServiceError, OrderAnswers.FailedByAdmin(Order.Step));
            await RequestAsync(next, $"admin:{adminId}");
        }
        var failure = await AdvanceForAnswerAsync();
        return Order.Step == OrderStep.Failed
            ? new FailResult(FailOutcome.Failed, Order.ToDetails())
            : new FailResult(FailOutcome.ServiceFailed, Order.ToDetails(), OrderWorkflow.Outcome(failure));
    }

    public async Task<FulfilmentResult> ShipAsync(string carrier, string trackingNumber, string adminId)
    {
        if (!_state.RecordExists)
        {
            this.DeactivateOnIdle();
            return new FulfilmentResult(FulfilmentOutcome.NotFound, null);
        }
        if (Order.Shipment is { } shipped && Order.Step is OrderStep.NotifyingShipment or OrderStep.Shipped)
        {
            // The same shipment again changes nothing; another one is a conflict.
            var same = shipped.Carrier == carrier && shipped.TrackingNumber == trackingNumber;
            return new FulfilmentResult(same ? FulfilmentOutcome.Done : FulfilmentOutcome.Conflict, Order.ToDetails());
        }
        if (!OrderWorkflow.CanShip(Order.Step))
        {
            return new FulfilmentResult(FulfilmentOutcome.Conflict, Order.ToDetails());
        }
        Order.Shipment = new Shipment(carrier, trackingNumber, _time.GetUtcNow(), null);
        await RequestAsync(OrderStep.NotifyingShipment, $"admin:{adminId}");
        // The shipping e-mail goes out right after the answer.
        ScheduleRetry(TimeSpan.Zero);
        return new FulfilmentResult(FulfilmentOutcome.Done, Order.ToDetails());
    }

    public async Task<FulfilmentResult> DeliverAsync(string adminId)
    {
        if (!_state.RecordExists)
        {
            this.DeactivateOnIdle();
            return new FulfilmentResult(FulfilmentOutcome.NotFound, null);
        }
        if (Order.Step is OrderStep.Delivering or OrderStep.Delivered)
        {
            return new FulfilmentResult(FulfilmentOutcome.Done, Order.ToDetails());
        }
        if (!OrderWorkflow.CanDeliver(Order.Step))
        {
            return new FulfilmentResult(FulfilmentOutcome.Conflict, Order.ToDetails());
        }
        Order.Shipment = Order.Shipment! with { DeliveredAt = _time.GetUtcNow() };
        // With its shipping e-mail out, a delivery has nothing left to do.
        await RequestAsync(Order.ShippingEmailSent ? OrderStep.Delivered : OrderStep.Delivering, $"admin:{adminId}");
        if (!Order.ShippingEmailSent)
        {
            ScheduleRetry(TimeSpan.Zero);
        }
        return new FulfilmentResult(FulfilmentOutcome.Done, Order.ToDetails());
    }

    /// <summary>Moves to a step someone asked for, credited to them on the timeline, and stores it.</summary>
    private async Task RequestAsync(OrderStep step, string requestedBy)
    {
        Order.RequestedBy = requestedBy;
        Order.MoveTo(step, _time.GetUtcNow());
        await SaveAsync();
    }

    /// <summary>Carries the work a command started as far as it goes within a checkout's deadline; the rest goes on in the background.</summary>
    private async Task<ServiceFailure?> AdvanceForAnswerAsync()
    {
        using var deadline = new CancellationTokenSource(_options.Value.CheckoutDeadline);
        return await AdvanceWhileAsync(static () => true, deadline.Token);
    }
}
