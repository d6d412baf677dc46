namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>
/// The one sweep of a service's unfinished orders (key 0): wakes every order that nothing has
/// carried forward for a while, such as one whose silo crashed mid-checkout.
/// </summary>
public interface IOrderSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the sweep runs (each silo calls it as it starts); idempotent.</summary>
    Task StartAsync();

    /// <summary>Sweeps now; returns how many orders it woke.</summary>
    Task<int> SweepAsync();
}
