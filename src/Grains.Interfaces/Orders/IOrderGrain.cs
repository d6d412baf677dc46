namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>
/// One order and its checkout, a state machine persisted before every outside call. Its key
/// is derived from the customer and the idempotency key (<see cref="OrderIds"/>), so replays
/// of a checkout meet the same grain.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Runs the checkout once; later calls with the same body get its outcome, with another body DifferentRequest.</summary>
    Task<CheckoutResult> CheckoutAsync(CheckoutCommand command);

    /// <summary>The order; null if no checkout created it.</summary>
    Task<OrderDetails?> GetAsync();

    /// <summary>Refunds and releases a confirmed order.</summary>
    Task<CancelResult> CancelAsync();

    /// <summary>Carries unfinished work forward (what the order's reminder does); safe to call any time.</summary>
    Task ResumeAsync();
}
