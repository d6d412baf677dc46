using System.Diagnostics;
using Ecommerce.Grains.Email;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Inventory;
using Ecommerce.Grains.Orders.Legacy;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Payments;
using Ecommerce.Grains.Storage;
using Ecommerce.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// The checkout and the life of one order, run by <see cref="OrderWorkflow"/>: this grain makes
/// each step's call (<see cref="OrderCalls"/>), stores the step the outcome leads to, and keeps
/// unfinished work going with a timer while active. What carries it forward otherwise (a crashed
/// silo, a collected activation) is <see cref="OrderSweepGrain"/>: every write of an unfinished
/// order records it as such in the same transaction (Database/Schema/110-orders.sql).
/// </summary>
/// <remarks>
/// A new order leaves memory as soon as it has nothing left to do, unless watched (see
/// OrderGrain.Watching.cs); any other activation after two idle minutes, not Orleans' fifteen,
/// so finished orders do not pile up at the rate of checkouts (docs/benchmarks.md).
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class OrderGrain : Grain, IOrderGrain, IRemindable
{
    private readonly IPersistentState<OrderState> _state;
    private readonly OrderCalls _calls;
    private readonly IOptions<OrderOptions> _options;
    private readonly ShopMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<OrderGrain> _logger;
    private IGrainTimer? _retryTimer;

    public OrderGrain([PersistentState("order", StorageNames.Postgres)] IPersistentState<OrderState> state, IGrainFactory grains,
        InventoryClient inventory, PaymentClient payment, EmailClient email, IOptions<OrderOptions> options, ShopMetrics metrics,
        TimeProvider time, ILogger<OrderGrain> logger)
    {
        _state = state;
        _calls = new OrderCalls(() => state.State, grains, inventory, payment, email, options.Value.ConfirmationEmailBudget, logger);
        (_options, _metrics, _time, _logger) = (options, metrics, time, logger);
    }

    private OrderState Order => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.RecordExists)
        {
            Order.Upgrade();
            Stored(Order.ToDetails());
            if (!OrderWorkflow.IsIdle(Order.Step))
            {
                ScheduleRetry(TimeSpan.Zero);
            }
        }
        return Task.CompletedTask;
    }

    public Task<OrderDetails?> GetAsync()
    {
        if (_stored is null && !_state.RecordExists)
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
        _metrics.CheckoutAnswered(Stopwatch.GetElapsedTime(started), result.Outcome.ToString());
        return result;
    }

    private async Task<CheckoutResult> CheckoutCoreAsync(CheckoutCommand command)
    {
        if (_state.RecordExists && (Order.CustomerId != command.CustomerId || Order.Fingerprint != command.Fingerprint))
        {
            return new CheckoutResult(CheckoutOutcome.DifferentRequest, null, []);
        }
        var first = !_state.RecordExists;
        if (first)
        {
            // Stored (and so recorded as unfinished, for the sweep) before the cart is locked to
            // it: a lock never names an order that is not there to finish and unlock it.
            _state.State = OrderState.Open(this.GetPrimaryKeyString(), command, _time.GetUtcNow());
            await SaveAsync();
            _openedHere = true;
        }

        // The customer waits until the order is no longer pending (its e-mail tried first, within its
        // budget), and no longer than the deadline counted from when the API sent the request: a
        // replay that queued behind the first request is answered in time, with the order's id.
        using var deadline = new CancellationTokenSource(RemainingOf(_options.Value.CheckoutDeadline, command.RequestedAt));
        var failure = await AdvanceWhileAsync(() => Order.Status == OrderStatus.Pending, deadline.Token);
        var result = OrderAnswers.Checkout(_state.RecordExists ? Order : null, _calls.Refusal, failure);
        if (first && _state.RecordExists && Order.Status == OrderStatus.Pending && Order.AnsweredWith is null)
        {
            Order.AnsweredWith = result.Outcome;
            await SaveAsync();
        }
        return result;
    }

    public async Task ResumeAsync()
    {
        if (!_state.RecordExists)
        {
            // Never stored, or discarded: nothing to carry forward.
            StopRetrying();
            this.DeactivateOnIdle();
            return;
        }
        await AdvanceWhileAsync(static () => true, CancellationToken.None);
    }

    public Task WakeAsync()
    {
        if (!_state.RecordExists || (OrderWorkflow.IsIdle(Order.Step) && _watchers == 0))
        {
            // Nothing to carry forward: the sweep read the order just before it finished. An
            // activation made only for this wake would otherwise stay its two idle minutes.
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
    /// Runs the workflow from where the order stands while <paramref name="condition"/> holds,
    /// until it is idle or a step must wait for a retry; returns how the last call failed, if one did.
    /// </summary>
    private async Task<ServiceFailure?> AdvanceWhileAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        ServiceFailure? failure = null;
        while (_state.RecordExists && !OrderWorkflow.IsIdle(Order.Step) && condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // The caller's deadline passed between two steps: it is answered, the rest goes on.
                ScheduleRetry(TimeSpan.Zero);
                return failure ?? ServiceFailure.Timeout;
            }
            var (moved, error) = await StepAsync(cancellationToken);
            failure = error ?? failure;
            if (!moved)
            {
                return failure;
            }
        }
        if (_state.RecordExists && OrderWorkflow.IsIdle(Order.Step))
        {
            StopRetrying();
            LeaveIfDone();
        }
        else if (_state.RecordExists)
        {
            // Stopped early for the customer's answer: the rest goes on right after it.
            ScheduleRetry(TimeSpan.Zero);
        }
        return failure;
    }

    /// <summary>
    /// One step: its call, then the step its outcome leads to, with the failure's reason when that
    /// is the way to Failed, stored first when the table says so. A step that leads to itself waits
    /// for its retry (not moved).
    /// </summary>
    private async Task<(bool Moved, ServiceFailure? Failure)> StepAsync(CancellationToken cancellationToken)
    {
        var step = Order.Step;
        var row = OrderWorkflow.Table[step];
        var (result, error) = await CallAsync(step, row, cancellationToken);
        var next = OrderWorkflow.Next(step, result);
        if (next == step)
        {
            ScheduleRetry(_options.Value.RetryInterval);
            return (false, error.Failure);
        }
        if (row.Failing is { } failing && OrderWorkflow.IsFailurePath(next))
        {
            (Order.Failure, Order.FailureReason) = failing(Order, result, error.Exception);
        }
        if (next == OrderStep.Discarded && Order.AnsweredWith is { } answered)
        {
            // The customer was given this order's id already (its first answer came while it waited
            // for the cart): it may not vanish, so it ends Failed, having taken nothing.
            (Order.Failure, Order.FailureReason) = (answered, OrderAnswers.WhyDiscarded(_calls.Refusal));
            next = OrderStep.Failed;
        }
        if (next == OrderStep.Discarded)
        {
            await DiscardAsync();
            return (false, error.Failure);
        }
        Order.MoveTo(next, _time.GetUtcNow());
        if (OrderWorkflow.IsStored(next))
        {
            await SaveAsync();
        }
        return (true, error.Failure);
    }

    /// <summary>Makes the step's call; a definite refusal of a service takes the refused way, any other failure is retried.</summary>
    private async Task<(StepResult Result, (ServiceFailure? Failure, ServiceCallException? Exception) Error)> CallAsync(
        OrderStep step, OrderWorkflow.Row row, CancellationToken cancellationToken)
    {
        try
        {
            return (await row.Call(_calls, cancellationToken), (null, null));
        }
        catch (ServiceCallException ex)
        {
            LogStepFailed(_logger, Order.Id, step, ex.Service, ex.Failure);
            return (ex.Failure == ServiceFailure.Refused ? StepResult.Refused : StepResult.Failed, (ex.Failure, ex));
        }
        catch (Exception ex)
        {
            // A grain call (the cart) that failed: its storage, its silo or its deadline.
            LogCartCallFailed(_logger, ex, Order.Id, step);
            return (StepResult.Failed, (ex is TimeoutException ? ServiceFailure.Timeout : ServiceFailure.Unavailable, null));
        }
    }

    /// <summary>The cart refused the checkout: it never began, and its record is cleared so the key can be used again.</summary>
    private async Task DiscardAsync()
    {
        await GrainContext.SaveOrResetAsync(_state.ClearStateAsync);
        Stored(null);
        StopRetrying();
        this.DeactivateOnIdle();
    }

    /// <summary>What is left of <paramref name="deadline"/> for a request sent at <paramref name="sentAt"/> (all of it if unknown).</summary>
    private TimeSpan RemainingOf(TimeSpan deadline, DateTimeOffset? sentAt)
    {
        var left = sentAt is { } sent ? deadline - (_time.GetUtcNow() - sent) : deadline;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > deadline ? deadline : left;
    }

    private void ScheduleRetry(TimeSpan dueTime)
    {
        _retryTimer?.Dispose();
        _retryTimer = this.RegisterGrainTimer(
            _ => ResumeAsync(),
            new GrainTimerCreationOptions { DueTime = dueTime, Period = _options.Value.RetryInterval });
    }

    private void StopRetrying()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
    }

    /// <summary>Stores the order (an unfinished one is recorded as such in the same transaction, for the sweep).</summary>
    private Task SaveAsync() => GrainContext.SaveOrResetAsync(async () =>
    {
        Order.UpdatedAt = _time.GetUtcNow();
        await _state.WriteStateAsync();
        Stored(Order.ToDetails());
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} at {Step}: the cart call failed; will retry")]
    private static partial void LogCartCallFailed(ILogger logger, Exception exception, string orderId, OrderStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} at {Step}: {Service} failed ({Failure}); a refusal takes the refused way, anything else is retried")]
    private static partial void LogStepFailed(ILogger logger, string orderId, OrderStep step, string service, ServiceFailure failure);
}
