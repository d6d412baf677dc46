namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>
/// One order and its checkout, a state machine that survives a crash at any step: each step is
/// stored before its outside call, or repeats keyed calls that give the same answers again. Its
/// key is derived from the customer and the idempotency key (<see cref="OrderIds"/>), so replays
/// of a checkout meet the same grain.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Runs the checkout once; later calls with the same body get its outcome, with another body DifferentRequest.</summary>
    Task<CheckoutResult> CheckoutAsync(CheckoutCommand command);

    /// <summary>
    /// The order as last stored; null if no checkout created it. Interleaves with the order's own
    /// work, so a read never waits behind a slow outside call the order is retrying.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<OrderDetails?> GetAsync();

    /// <summary>Refunds and releases a confirmed order.</summary>
    Task<CancelResult> CancelAsync();

    /// <summary>
    /// An admin ends an order still pending: any charge of its key is refunded (a late one too),
    /// its stock released and the cart unlocked, and it ends Failed.
    /// </summary>
    Task<FailResult> FailAsync(string adminId);

    /// <summary>Ships a confirmed order (the shipping e-mail goes out in the background); the same shipment again changes nothing.</summary>
    Task<FulfilmentResult> ShipAsync(string carrier, string trackingNumber, string adminId);

    /// <summary>Marks a shipped order delivered; again changes nothing.</summary>
    Task<FulfilmentResult> DeliverAsync(string adminId);

    /// <summary>
    /// The order's timeline as events, those after <paramref name="afterEvent"/> first, then each
    /// new one as it is stored; ends after a final status. Interleaves with the order's work.
    /// </summary>
    IAsyncEnumerable<OrderEvent> WatchAsync(int afterEvent);

    /// <summary>Carries unfinished work forward, waiting for it (what the order's retry timer does); safe to call any time.</summary>
    Task ResumeAsync();

    /// <summary>
    /// Makes sure unfinished work is under way and returns at once (what the sweep of unfinished
    /// orders calls: activating the order starts its work); safe to call any time.
    /// </summary>
    Task WakeAsync();
}
