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
/// The checkout workflow and the life of one order. Every step is stored before the outside
/// call it makes, and every call carries an id derived from the order, so whatever is
/// interrupted (a deadline, a crash, a deactivation) is carried forward by a timer while
/// active and by a durable reminder otherwise, and no side effect happens twice.
/// </summary>
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
    private const string ResumeReminder = "resume";

    private OrderState Order => state.State;
    private IGrainTimer? _retryTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && !Order.IsFinished)
        {
            ScheduleRetry(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    public Task<OrderDetails?> GetAsync() => Task.FromResult(state.RecordExists ? Order.ToDetails() : null);

    public async Task<CheckoutResult> CheckoutAsync(CheckoutCommand command)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await CheckoutCoreAsync(command);
        metrics.CheckoutAnswered(Stopwatch.GetElapsedTime(started), result.Outcome.ToString());
        return result;
    }

    private async Task<CheckoutResult> CheckoutCoreAsync(CheckoutCommand command)
    {
        if (state.RecordExists)
        {
            return Order.CustomerId == command.CustomerId && Order.Fingerprint == command.Fingerprint
                ? Replay()
                : new CheckoutResult(CheckoutOutcome.DifferentRequest, null, []);
        }

        var cart = await GrainFactory.GetCart(command.CustomerId).GetAsync();
        if (cart.Unavailable.Count > 0)
        {
            // Nothing is stored: the customer may fix the cart and use the key again.
            return new CheckoutResult(CheckoutOutcome.OutOfStock, null, cart.Unavailable);
        }
        if (cart.Items.Count == 0)
        {
            return new CheckoutResult(CheckoutOutcome.EmptyCart, null, []);
        }

        var now = time.GetUtcNow();
        state.State = new OrderState
        {
            Id = this.GetPrimaryKeyString(),
            CustomerId = command.CustomerId,
            Fingerprint = command.Fingerprint,
            Step = OrderStep.Reserving,
            Items = cart.Items.Select(l => new OrderLine(l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal)).ToList(),
            Total = cart.Total,
            Email = command.Email,
            ShippingAddress = command.ShippingAddress,
            CreatedAt = now,
        };
        await KeepResumingAsync();
        await SaveAsync();

        using var deadline = new CancellationTokenSource(options.Value.CheckoutDeadline);
        var outcome = await AdvanceAsync(live: true, deadline.Token);
        return new CheckoutResult(outcome, Order.ToDetails(), outcome == CheckoutOutcome.OutOfStock ? Order.ShortSkus : []);
    }

    public async Task<CancelResult> CancelAsync()
    {
        if (!state.RecordExists)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }
        if (Order.Step == OrderStep.Confirmed)
        {
            await KeepResumingAsync();
            Order.Step = OrderStep.Cancelling;
            await SaveAsync();
        }
        if (Order.Step != OrderStep.Cancelling)
        {
            return new CancelResult(CancelOutcome.NotConfirmed, Order.ToDetails());
        }

        using var deadline = new CancellationTokenSource(options.Value.CheckoutDeadline);
        var outcome = await AdvanceAsync(live: false, deadline.Token);
        var cancelOutcome = Order.Step == OrderStep.Cancelled ? CancelOutcome.Cancelled : outcome switch
        {
            CheckoutOutcome.ServiceError => CancelOutcome.ServiceError,
            CheckoutOutcome.ServiceUnavailable => CancelOutcome.ServiceUnavailable,
            _ => CancelOutcome.ServiceTimeout,
        };
        return new CancelResult(cancelOutcome, Order.ToDetails());
    }

    public async Task ResumeAsync()
    {
        if (!state.RecordExists)
        {
            // The order was never stored (its first write failed): nothing to carry forward.
            await StopResumingAsync();
        }
        else if (!Order.IsFinished)
        {
            await AdvanceAsync(live: false, CancellationToken.None);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ResumeAsync();

    private CheckoutResult Replay()
    {
        // Once charged, a replay gets the order as it stands; until then, what the first request got.
        var outcome = Order.PaymentId is not null
            ? CheckoutOutcome.Confirmed
            : Order.AnsweredWith ?? CheckoutOutcome.ServiceTimeout;
        return new CheckoutResult(outcome, Order.ToDetails(), outcome == CheckoutOutcome.OutOfStock ? Order.ShortSkus : []);
    }

    /// <summary>Runs the workflow from the stored step until it is done or must wait.</summary>
    private async Task<CheckoutOutcome> AdvanceAsync(bool live, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                switch (Order.Step)
                {
                    case OrderStep.Reserving:
                        await ReserveAsync(live, cancellationToken);
                        break;
                    case OrderStep.Charging:
                        await ChargeAsync(live, cancellationToken);
                        break;
                    case OrderStep.Releasing:
                        await inventory.ReleaseAsync(Order.ReservationId, cancellationToken);
                        Order.Step = OrderStep.Failed;
                        await SaveAsync();
                        break;
                    case OrderStep.Confirmed:
                        await FinishConfirmedAsync(live, cancellationToken);
                        return CheckoutOutcome.Confirmed;
                    case OrderStep.Cancelling:
                        await payment.RefundAsync(Order.PaymentId!, Order.RefundKey, cancellationToken);
                        await inventory.ReleaseAsync(Order.ReservationId, cancellationToken);
                        Order.Step = OrderStep.Cancelled;
                        await SaveAsync();
                        break;
                    default:
                        await StopResumingAsync();
                        return Order.AnsweredWith ?? CheckoutOutcome.ServiceError;
                }
            }
            catch (ServiceCallException ex)
            {
                LogStepFailed(logger, Order.Id, Order.Step, ex.Service, ex.Failure);
                ScheduleRetry(options.Value.RetryInterval);
                var outcome = Map(ex.Failure);
                if (live && Order.AnsweredWith is null)
                {
                    Order.AnsweredWith = outcome;
                    await SaveAsync();
                }
                return outcome;
            }
        }
    }

    private async Task ReserveAsync(bool live, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> missing;
        try
        {
            missing = await inventory.ReserveAsync(Order.ReservationId, Order.Items.Select(i => (i.Sku, i.Quantity)), cancellationToken);
        }
        catch (ServiceCallException ex)
        {
            // Whether stock was reserved is unknown: release it (releasing also closes the
            // reservation id against a late arrival) and fail; nothing was charged.
            await FailAsync($"The inventory service failed ({ex.Failure}).", live ? Map(ex.Failure) : null);
            throw;
        }

        if (missing.Count > 0)
        {
            Order.ShortSkus = [.. missing];
            await FailAsync($"Not enough stock for {string.Join(", ", missing)}.", live ? CheckoutOutcome.OutOfStock : null);
            return;
        }
        Order.Step = OrderStep.Charging;
        await SaveAsync();
    }

    private async Task ChargeAsync(bool live, CancellationToken cancellationToken)
    {
        // Any failure leaves the step at Charging: the same key is replayed until the gateway
        // gives a definite answer, so a charge whose reply was lost is found, never repeated.
        var result = await payment.ChargeAsync(Order.Total.Amount, Order.Total.Currency, Order.Id, Order.PaymentKey, cancellationToken);
        if (result is ChargeResult.Charged charged)
        {
            Order.PaymentId = charged.PaymentId;
            Order.Step = OrderStep.Confirmed;
            if (live)
            {
                Order.AnsweredWith ??= CheckoutOutcome.Confirmed;
            }
            await CommitStockAndClearCartAsync(cancellationToken);
            await SaveAsync();
        }
        else
        {
            await FailAsync("The card was declined.", live ? CheckoutOutcome.Declined : null);
        }
    }

    private async Task FinishConfirmedAsync(bool live, CancellationToken cancellationToken)
    {
        if (!Order.StockCommitted || !Order.CartCleared)
        {
            await CommitStockAndClearCartAsync(cancellationToken);
            await SaveAsync();
        }
        if (!Order.EmailSent)
        {
            if (live)
            {
                // The customer does not wait for the e-mail: it goes out right after the answer.
                ScheduleRetry(TimeSpan.Zero);
                return;
            }
            await email.SendAsync(Order.EmailId, Order.Email, $"Your order {Order.Id} is confirmed",
                $"Thank you. We received {Order.Total.Amount:0.00} {Order.Total.Currency} for {Order.Items.Sum(i => i.Quantity)} item(s).",
                Order.Id, cancellationToken);
            Order.EmailSent = true;
            await SaveAsync();
        }
        await StopResumingAsync();
    }

    private async Task CommitStockAndClearCartAsync(CancellationToken cancellationToken)
    {
        if (!Order.StockCommitted)
        {
            try
            {
                await inventory.CommitAsync(Order.ReservationId, cancellationToken);
                Order.StockCommitted = true;
            }
            catch (ServiceCallException ex)
            {
                // The order is paid and confirmed; the commit is retried in the background.
                LogStepFailed(logger, Order.Id, Order.Step, ex.Service, ex.Failure);
                ScheduleRetry(options.Value.RetryInterval);
            }
        }
        if (!Order.CartCleared)
        {
            try
            {
                await GrainFactory.GetCart(Order.CustomerId).ClearAsync();
                Order.CartCleared = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Paid is paid: a cart that could not be emptied now is emptied on the next retry.
                LogCartNotCleared(logger, ex, Order.Id);
                ScheduleRetry(options.Value.RetryInterval);
            }
        }
    }

    private async Task FailAsync(string reason, CheckoutOutcome? answer)
    {
        Order.FailureReason = reason;
        Order.Step = OrderStep.Releasing;
        if (answer is not null)
        {
            Order.AnsweredWith ??= answer;
        }
        await SaveAsync();
    }

    private void ScheduleRetry(TimeSpan dueTime)
    {
        _retryTimer?.Dispose();
        _retryTimer = this.RegisterGrainTimer(
            _ => ResumeAsync(),
            new GrainTimerCreationOptions { DueTime = dueTime, Period = options.Value.RetryInterval });
    }

    /// <summary>Durable before anything happens outside: after a crash the reminder carries the order forward.</summary>
    private Task<IGrainReminder> KeepResumingAsync() =>
        this.RegisterOrUpdateReminder(ResumeReminder, options.Value.ReminderDueTime, TimeSpan.FromMinutes(1));

    private async Task StopResumingAsync()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task SaveAsync()
    {
        Order.UpdatedAt = time.GetUtcNow();
        await state.WriteOrResetAsync(GrainContext);
    }

    private static CheckoutOutcome Map(ServiceFailure failure) => failure switch
    {
        ServiceFailure.Error => CheckoutOutcome.ServiceError,
        ServiceFailure.Unavailable => CheckoutOutcome.ServiceUnavailable,
        _ => CheckoutOutcome.ServiceTimeout,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: the cart could not be emptied; will retry")]
    private static partial void LogCartNotCleared(ILogger logger, Exception exception, string orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} at {Step}: {Service} failed ({Failure}); will retry")]
    private static partial void LogStepFailed(ILogger logger, string orderId, OrderStep step, string service, ServiceFailure failure);
}
