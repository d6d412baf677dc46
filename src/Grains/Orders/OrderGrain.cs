using System.Diagnostics;
using Ecommerce.Grains.Email;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Inventory;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Payments;
using Ecommerce.Grains.Storage;
using Ecommerce.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// The checkout and the life of one order, run by <see cref="OrderWorkflow"/>: this grain
/// makes each step's call, stores the step the outcome leads to, and keeps unfinished work
/// going with a timer while active. What carries it forward otherwise (a crashed silo, a
/// collected activation) is <see cref="OrderSweepGrain"/>: every write of an unfinished order
/// records it as such in the same transaction (Database/Schema/110-orders.sql), so there is no
/// per-order reminder to insert and delete, two database round trips off every checkout.
/// </summary>
/// <remarks>
/// An order is busy for a moment and then read now and then, while every checkout makes a new
/// one. A new order leaves memory as soon as it has nothing left to do, unless someone watches
/// it: the checkout's answer carries the whole order, and the next look activates it again from
/// storage. Kept in memory, every new order lived long enough to be copied into the collector's
/// oldest generation, and that copying was most of each collection's pause (docs/benchmarks.md).
/// Any other activation (a read, a cancel, a resumed order) is collected after two idle minutes,
/// not Orleans' default fifteen, which piled finished orders up in memory at the rate of
/// checkouts (the soak). A watched order stays active.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class OrderGrain(
    [PersistentState("order", StorageNames.Postgres)] IPersistentState<OrderState> state,
    InventoryClient inventory,
    PaymentClient payment,
    EmailClient email,
    IOptions<OrderOptions> options,
    ShopMetrics metrics,
    TimeProvider time,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    private OrderState Order => state.State;
    private IGrainTimer? _retryTimer;

    /// <summary>Why the cart refused the last take (busy, empty, unbuyable lines); answered, never stored.</summary>
    private CheckoutStart? _refusal;

    /// <summary>The order as last stored (null: none), what watchers are shown, and the signal of its next change.</summary>
    private OrderDetails? _stored;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Enumerations of <see cref="WatchAsync"/> open on this activation.</summary>
    private int _watchers;

    /// <summary>This activation stored the order first (its checkout, not a replay of it).</summary>
    private bool _openedHere;

    /// <summary>What the last definite refusal of a service said (a status code), for the failure's reason.</summary>
    private string? _refusedWith;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            Order.Upgrade();
            _stored = Order.ToDetails();
            if (!OrderWorkflow.IsIdle(Order.Step))
            {
                ScheduleRetry(TimeSpan.Zero);
            }
        }
        return Task.CompletedTask;
    }

    public Task<OrderDetails?> GetAsync()
    {
        if (_stored is null && !state.RecordExists)
        {
            // Probing random order ids must not pile up activations of orders that do not exist.
            this.DeactivateOnIdle();
        }
        return Task.FromResult(_stored);
    }

    public async Task<CheckoutResult> CheckoutAsync(CheckoutCommand command)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await CheckoutCoreAsync(command);
        metrics.CheckoutAnswered(Stopwatch.GetElapsedTime(started), result.Outcome.ToString());
        return result;
    }

    private async Task<CheckoutResult> CheckoutCoreAsync(CheckoutCommand command)
    {
        if (state.RecordExists && (Order.CustomerId != command.CustomerId || Order.Fingerprint != command.Fingerprint))
        {
            return new CheckoutResult(CheckoutOutcome.DifferentRequest, null, []);
        }
        _refusal = null;
        var first = !state.RecordExists;
        if (first)
        {
            // Stored (and so recorded as unfinished, for the sweep) before the cart is locked to
            // it: a lock never names an order that is not there to finish and unlock it.
            var now = time.GetUtcNow();
            state.State = new OrderState
            {
                Id = this.GetPrimaryKeyString(),
                CustomerId = command.CustomerId,
                Fingerprint = command.Fingerprint,
                Step = OrderStep.Opening,
                Email = command.Email,
                ShippingAddress = command.ShippingAddress,
                CreatedAt = now,
                Terms = command.Terms,
                Version = OrderState.CurrentVersion,
                Timeline = [new TimelineEntry(OrderStatus.Pending, now, "customer", null)],
            };
            await SaveAsync();
            _openedHere = true;
        }

        // The customer waits until the order is no longer pending (its e-mail tried first, within its
        // budget), and no longer than the deadline counted from when the API sent the request: a
        // replay that queued behind the first request is answered in time, with the order's id.
        using var deadline = new CancellationTokenSource(RemainingOf(options.Value.CheckoutDeadline, command.RequestedAt));
        var failure = await AdvanceAsync(until: () => Order.Status != OrderStatus.Pending, deadline.Token);
        var result = Answer(failure);
        if (first && state.RecordExists && Order.Status == OrderStatus.Pending && Order.AnsweredWith is null)
        {
            Order.AnsweredWith = result.Outcome;
            await SaveAsync();
        }
        return result;
    }

    public async Task<CancelResult> CancelAsync()
    {
        if (!state.RecordExists)
        {
            this.DeactivateOnIdle();
            return new CancelResult(CancelOutcome.NotFound, null);
        }
        if (OrderWorkflow.CanCancel(Order.Step))
        {
            Order.RequestedBy = "customer";
            Order.MoveTo(OrderStep.Cancelling, time.GetUtcNow());
            await SaveAsync();
        }
        if (Order.Step is not (OrderStep.Cancelling or OrderStep.Restocking))
        {
            return new CancelResult(CancelOutcome.NotConfirmed, Order.ToDetails());
        }

        using var deadline = new CancellationTokenSource(options.Value.CheckoutDeadline);
        var failure = await AdvanceAsync(until: () => false, deadline.Token);
        var outcome = Order.Step == OrderStep.Cancelled ? CancelOutcome.Cancelled : failure switch
        {
            ServiceFailure.Error => CancelOutcome.ServiceError,
            ServiceFailure.Unavailable => CancelOutcome.ServiceUnavailable,
            _ => CancelOutcome.ServiceTimeout,
        };
        return new CancelResult(outcome, Order.ToDetails());
    }

    public async Task<FailResult> FailAsync(string adminId)
    {
        if (!state.RecordExists)
        {
            this.DeactivateOnIdle();
            return new FailResult(FailOutcome.NotFound, null);
        }
        if (Order.Status != OrderStatus.Pending)
        {
            return new FailResult(FailOutcome.NotPending, Order.ToDetails());
        }
        var next = OrderWorkflow.FailOnRequest(Order.Step);
        if (next != Order.Step)
        {
            (Order.Failure, Order.FailureReason) = (Order.AnsweredWith ?? CheckoutOutcome.ServiceError,
                $"Failed by an admin while {Describe(Order.Step)}; any charge is refunded and the stock released.");
            Order.RequestedBy = $"admin:{adminId}";
            Order.MoveTo(next, time.GetUtcNow());
            await SaveAsync();
        }

        using var deadline = new CancellationTokenSource(options.Value.CheckoutDeadline);
        var failure = await AdvanceAsync(until: () => false, deadline.Token);
        var outcome = Order.Step == OrderStep.Failed ? FailOutcome.Failed : failure switch
        {
            ServiceFailure.Error or ServiceFailure.Refused => FailOutcome.ServiceError,
            ServiceFailure.Unavailable => FailOutcome.ServiceUnavailable,
            _ => FailOutcome.ServiceTimeout,
        };
        return new FailResult(outcome, Order.ToDetails());
    }

    public async Task<FulfilmentResult> ShipAsync(string carrier, string trackingNumber, string adminId)
    {
        if (!state.RecordExists)
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
        var now = time.GetUtcNow();
        Order.Shipment = new Shipment(carrier, trackingNumber, now, null);
        Order.RequestedBy = $"admin:{adminId}";
        Order.MoveTo(OrderStep.NotifyingShipment, now);
        await SaveAsync();
        // The shipping e-mail goes out right after the answer.
        ScheduleRetry(TimeSpan.Zero);
        return new FulfilmentResult(FulfilmentOutcome.Done, Order.ToDetails());
    }

    public async Task<FulfilmentResult> DeliverAsync(string adminId)
    {
        if (!state.RecordExists)
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
        var now = time.GetUtcNow();
        Order.Shipment = Order.Shipment! with { DeliveredAt = now };
        Order.RequestedBy = $"admin:{adminId}";
        // With its shipping e-mail out, a delivery has nothing left to do.
        Order.MoveTo(Order.ShippingEmailSent ? OrderStep.Delivered : OrderStep.Delivering, now);
        await SaveAsync();
        if (!Order.ShippingEmailSent)
        {
            ScheduleRetry(TimeSpan.Zero);
        }
        return new FulfilmentResult(FulfilmentOutcome.Done, Order.ToDetails());
    }

    public async IAsyncEnumerable<OrderEvent> WatchAsync(int afterEvent)
    {
        // Runs interleaved with the order's own calls (Orleans enumerations always interleave):
        // it only reads what was stored, and waits on the signal each stored change gives.
        var next = Math.Max(0, afterEvent);
        _watchers++;
        try
        {
            while (true)
            {
                var changed = _changed.Task;
                if (_stored is not { } order)
                {
                    yield break;
                }
                while (next < order.Timeline.Count)
                {
                    next++;
                    var entry = order.Timeline[next - 1];
                    yield return new OrderEvent(next, order with { Status = entry.Status, Timeline = [.. order.Timeline.Take(next)] });
                }
                if (order.IsFinal)
                {
                    yield break;
                }
                await changed;
            }
        }
        finally
        {
            _watchers--;
            LeaveIfDone();
        }
    }

    public async Task ResumeAsync()
    {
        if (!state.RecordExists)
        {
            // Never stored, or discarded: nothing to carry forward.
            StopRetrying();
            this.DeactivateOnIdle();
            return;
        }
        await AdvanceAsync(until: () => false, CancellationToken.None);
    }

    public Task WakeAsync()
    {
        if (!state.RecordExists)
        {
            this.DeactivateOnIdle();
        }
        else if (!OrderWorkflow.IsIdle(Order.Step) && _retryTimer is null)
        {
            // Activating did this already (OnActivateAsync); an activation left without a timer gets one.
            ScheduleRetry(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Orders stored by versions before the sweep registered a reminder each: it still carries
    /// them forward, and goes once the order has nothing left to do.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ResumeAsync();
        if ((!state.RecordExists || OrderWorkflow.IsIdle(Order.Step)) && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// Runs the workflow from the stored step until it is idle, <paramref name="until"/> holds, or
    /// a step must wait for a retry; returns how the last call failed, if it did.
    /// </summary>
    private async Task<ServiceFailure?> AdvanceAsync(Func<bool> until, CancellationToken cancellationToken)
    {
        ServiceFailure? failure = null;
        while (state.RecordExists && !OrderWorkflow.IsIdle(Order.Step) && !until())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // The caller's deadline passed between two steps: it is answered, the rest goes on.
                ScheduleRetry(TimeSpan.Zero);
                return ServiceFailure.Timeout;
            }
            var step = Order.Step;
            StepResult result;
            try
            {
                result = await CallAsync(step, cancellationToken);
            }
            catch (ServiceCallException ex)
            {
                LogStepFailed(logger, Order.Id, step, ex.Service, ex.Failure);
                failure = ex.Failure;
                // A definite refusal cannot change by asking again: the step takes its refused way.
                result = ex.Failure == ServiceFailure.Refused ? StepResult.Refused : StepResult.Failed;
                _refusedWith = ex.Failure == ServiceFailure.Refused ? ex.Message : null;
            }
            catch (Exception ex)
            {
                // A grain call (the cart) that failed: its storage, its silo or its deadline.
                LogCartCallFailed(logger, ex, Order.Id, step);
                failure = ex is TimeoutException ? ServiceFailure.Timeout : ServiceFailure.Unavailable;
                result = StepResult.Failed;
            }

            var next = OrderWorkflow.Next(step, result);
            if (next == step)
            {
                ScheduleRetry(options.Value.RetryInterval);
                return failure;
            }
            if (OrderWorkflow.IsFailurePath(next) && !OrderWorkflow.IsFailurePath(step))
            {
                RecordFailure(step, result, failure);
            }
            if (next == OrderStep.Discarded && Order.AnsweredWith is null)
            {
                await DiscardAsync();
                return failure;
            }
            if (next == OrderStep.Discarded)
            {
                // The customer was already given this order's id (its first answer came while it
                // waited for the cart): it may not vanish, so it ends Failed, having taken nothing.
                (Order.Failure, Order.FailureReason) = (Order.AnsweredWith, _refusal?.Status switch
                {
                    CheckoutStartStatus.Busy => $"Another checkout of the cart, order {_refusal.OrderId}, took it first.",
                    CheckoutStartStatus.Unavailable => "The cart held products no longer sold.",
                    CheckoutStartStatus.TotalChanged => $"The cart's total was {Format(_refusal.Total)}, not the total the customer was shown.",
                    CheckoutStartStatus.OverLimit => $"The cart's total, {Format(_refusal.Total)}, was above the most one order may be.",
                    _ => "The cart was empty by the time the order could take it.",
                });
                next = OrderStep.Failed;
            }
            Order.MoveTo(next, time.GetUtcNow());
            if (OrderWorkflow.IsStored(next))
            {
                await SaveAsync();
            }
        }
        if (state.RecordExists && OrderWorkflow.IsIdle(Order.Step))
        {
            StopRetrying();
            LeaveIfDone();
        }
        else if (state.RecordExists)
        {
            // Stopped early for the customer's answer: the rest goes on right after it.
            ScheduleRetry(TimeSpan.Zero);
        }
        return failure;
    }

    /// <summary>Makes one step's call and keeps what it learned on the order (stored with the next step).</summary>
    private async Task<StepResult> CallAsync(OrderStep step, CancellationToken cancellationToken)
    {
        var cart = GrainFactory.GetCart(Order.CustomerId);
        switch (step)
        {
            case OrderStep.Opening:
                var start = await cart.BeginCheckoutAsync(Order.Id, Order.Terms);
                if (start.Status != CheckoutStartStatus.Started)
                {
                    _refusal = start;
                    return StepResult.Refused;
                }
                Order.Items = [.. start.Lines.Select(l => new OrderLine(l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))];
                Order.Total = start.Total;
                return StepResult.Done;

            case OrderStep.Reopening:
                await cart.AbandonCheckoutAsync(Order.Id);
                return StepResult.Done;

            case OrderStep.Reserving:
                var missing = await inventory.ReserveAsync(Order.ReservationId, Order.Items.Select(i => (i.Sku, i.Quantity)), cancellationToken);
                Order.ShortSkus = [.. missing];
                return missing.Count == 0 ? StepResult.Done : StepResult.Refused;

            case OrderStep.Charging:
                // Only a definite answer settles a payment: on any failure the same key is
                // replayed, so a charge whose reply was lost is found, never repeated.
                var charge = await payment.ChargeAsync(Order.Total.Amount, Order.Total.Currency, Order.Id, Order.PaymentKey, cancellationToken);
                if (charge is ChargeResult.Charged charged)
                {
                    Order.PaymentId = charged.PaymentId;
                    return StepResult.Done;
                }
                return StepResult.Refused;

            case OrderStep.Committing:
                return await inventory.CommitAsync(Order.ReservationId, cancellationToken) ? StepResult.Done : StepResult.Refused;

            case OrderStep.UpdatingCart:
                await cart.CompleteCheckoutAsync(Order.Id, [.. Order.Items.Select(i => new CartQuantity(i.Sku, i.Quantity))]);
                return StepResult.Done;

            case OrderStep.Settling:
                if (!Order.StockCommitted && !await inventory.CommitAsync(Order.ReservationId, cancellationToken))
                {
                    LogLegacyCommitRefused(logger, Order.Id);
                }
                Order.StockCommitted = true;
                await cart.CompleteCheckoutAsync(Order.Id, [.. Order.Items.Select(i => new CartQuantity(i.Sku, i.Quantity))]);
                Order.CartCleared = true;
                return StepResult.Done;

            case OrderStep.Confirming:
                // Sent in time, the order is written once more (Confirmed), not twice (Emailing, then
                // Confirmed); the customer waits at most the budget for it.
                using (var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    budget.CancelAfter(options.Value.ConfirmationEmailBudget);
                    await SendConfirmationAsync(budget.Token);
                }
                return StepResult.Done;

            case OrderStep.Emailing:
                await SendConfirmationAsync(cancellationToken);
                return StepResult.Done;

            case OrderStep.NotifyingShipment or OrderStep.Delivering:
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

            case OrderStep.Refunding or OrderStep.Cancelling:
                // By the charge's key, not its id: an order failed while its charge was unsettled
                // has no id, and the refund also closes the key against a charge still in flight.
                await payment.RefundAsync(Order.PaymentKey, Order.RefundKey, cancellationToken);
                return StepResult.Done;

            case OrderStep.Releasing or OrderStep.Restocking:
                await inventory.ReleaseAsync(Order.ReservationId, cancellationToken);
                return StepResult.Done;

            default:
                throw new InvalidOperationException($"Step {step} makes no call.");
        }
    }

    private async Task SendConfirmationAsync(CancellationToken cancellationToken)
    {
        await email.SendAsync(Order.EmailId, Order.Email, $"Your order {Order.Id} is confirmed",
            $"Thank you. We received {Order.Total.Amount:0.00} {Order.Total.Currency} for {Order.Items.Sum(i => i.Quantity)} item(s).",
            Order.Id, cancellationToken);
        Order.EmailSent = true;
    }

    /// <summary>Why the order is leaving for Failed, as the step that sent it there says.</summary>
    private void RecordFailure(OrderStep step, StepResult result, ServiceFailure? failure)
    {
        (Order.Failure, Order.FailureReason) = (step, result, failure) switch
        {
            (OrderStep.Reserving, StepResult.Refused, ServiceFailure.Refused) => (CheckoutOutcome.ServiceError,
                $"The inventory service refused the reservation ({_refusedWith}); nothing was charged."),
            (OrderStep.Reserving, StepResult.Refused, _) => (CheckoutOutcome.OutOfStock, $"Not enough stock for {string.Join(", ", Order.ShortSkus)}."),
            (OrderStep.Reserving, _, _) => (Map(failure), $"The inventory service failed ({failure}); nothing was charged."),
            (OrderStep.Charging, _, ServiceFailure.Refused) => (CheckoutOutcome.ServiceError,
                $"The payment gateway refused the charge ({_refusedWith}); nothing was charged."),
            (OrderStep.Charging, _, _) => (CheckoutOutcome.Declined, "The card was declined."),
            (OrderStep.Committing, _, ServiceFailure.Refused) => (CheckoutOutcome.ServiceError,
                $"The inventory service refused to commit the stock ({_refusedWith}); the charge is refunded."),
            (OrderStep.Committing, _, _) => (CheckoutOutcome.ServiceTimeout,
                "The stock reservation expired before the payment settled; the charge is refunded."),
            _ => (Map(failure), $"{step} failed."),
        };
    }

    private CheckoutResult Answer(ServiceFailure? failure)
    {
        if (!state.RecordExists)
        {
            return _refusal switch
            {
                { Status: CheckoutStartStatus.Busy } busy => new CheckoutResult(CheckoutOutcome.CartBusy, null, [], busy.OrderId),
                { Status: CheckoutStartStatus.Unavailable } gone => new CheckoutResult(CheckoutOutcome.Unavailable, null, [.. gone.Unavailable.Select(u => u.Sku)]),
                { Status: CheckoutStartStatus.Empty } => new CheckoutResult(CheckoutOutcome.EmptyCart, null, []),
                { Status: CheckoutStartStatus.TotalChanged } changed => new CheckoutResult(CheckoutOutcome.TotalChanged, null, [], Total: changed.Total),
                { Status: CheckoutStartStatus.OverLimit } over => new CheckoutResult(CheckoutOutcome.OverLimit, null, [], Total: over.Total),
                _ => new CheckoutResult(Map(failure ?? ServiceFailure.Unavailable), null, []),
            };
        }
        var outcome = Order.PaymentId is not null && Order.Status != OrderStatus.Pending ? CheckoutOutcome.Confirmed
            : Order.Status == OrderStatus.Failed ? Order.AnsweredWith ?? Order.Failure ?? CheckoutOutcome.ServiceError
            : Order.AnsweredWith ?? (failure is null ? CheckoutOutcome.ServiceTimeout : Map(failure));
        return new CheckoutResult(outcome, Order.ToDetails(), outcome == CheckoutOutcome.OutOfStock ? Order.ShortSkus : []);
    }

    /// <summary>
    /// An order opened by this activation leaves memory once it has nothing left to do and nobody
    /// watches it (after the current call: its answer still goes out), before the collector would
    /// have to carry it. Only the opening activation goes, so replays of its checkout queued
    /// behind it are answered by the next activation, which stays, rather than each bouncing on.
    /// </summary>
    private void LeaveIfDone()
    {
        if (_openedHere && _watchers == 0 && state.RecordExists && OrderWorkflow.IsIdle(Order.Step))
        {
            this.DeactivateOnIdle();
        }
    }

    /// <summary>The checkout never began: its record is cleared, so the key can be used again.</summary>
    private async Task DiscardAsync()
    {
        await GrainContext.SaveOrResetAsync(state.ClearStateAsync);
        Stored(null);
        StopRetrying();
        this.DeactivateOnIdle();
    }

    private void ScheduleRetry(TimeSpan dueTime)
    {
        _retryTimer?.Dispose();
        _retryTimer = this.RegisterGrainTimer(
            _ => ResumeAsync(),
            new GrainTimerCreationOptions { DueTime = dueTime, Period = options.Value.RetryInterval });
    }

    /// <summary>Stores the order (an unfinished one is recorded as such in the same transaction, for the sweep).</summary>
    private Task SaveAsync() => GrainContext.SaveOrResetAsync(async () =>
    {
        Order.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        Stored(Order.ToDetails());
    });

    /// <summary>Shows watchers what is now stored.</summary>
    private void Stored(OrderDetails? order)
    {
        _stored = order;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private void StopRetrying()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
    }

    /// <summary>What is left of <paramref name="deadline"/> for a request sent at <paramref name="sentAt"/> (all of it if unknown).</summary>
    private TimeSpan RemainingOf(TimeSpan deadline, DateTimeOffset? sentAt)
    {
        var left = sentAt is { } sent ? deadline - (time.GetUtcNow() - sent) : deadline;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > deadline ? deadline : left;
    }

    private static string Format(Money total) => $"{total.Amount:0.00} {total.Currency}";

    /// <summary>What the order was doing at a step, for a failure's reason.</summary>
    private static string Describe(OrderStep step) => step switch
    {
        OrderStep.Opening => "taking the cart's lines",
        OrderStep.Reserving => "reserving its stock",
        OrderStep.Charging => "its payment was unsettled",
        _ => "completing its checkout",
    };

    private static CheckoutOutcome Map(ServiceFailure? failure) => failure switch
    {
        ServiceFailure.Error or ServiceFailure.Refused => CheckoutOutcome.ServiceError,
        ServiceFailure.Unavailable => CheckoutOutcome.ServiceUnavailable,
        _ => CheckoutOutcome.ServiceTimeout,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} at {Step}: the cart call failed; will retry")]
    private static partial void LogCartCallFailed(ILogger logger, Exception exception, string orderId, OrderStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} at {Step}: {Service} failed ({Failure}); a refusal takes the refused way, anything else is retried")]
    private static partial void LogStepFailed(ILogger logger, string orderId, OrderStep step, string service, ServiceFailure failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId}, confirmed by an earlier version: its stock reservation was gone when committed")]
    private static partial void LogLegacyCommitRefused(ILogger logger, string orderId);
}
