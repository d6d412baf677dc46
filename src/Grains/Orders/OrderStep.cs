namespace Ecommerce.Grains.Orders;

/// <summary>
/// Where an order's workflow stands: a step is stored before the call it names is made, unless
/// <see cref="OrderWorkflow"/> marks it not stored (it has what each step calls and where each
/// outcome leads). Stored by name, so a step is never renamed.
/// </summary>
public enum OrderStep
{
    Opening,
    Reserving,
    Charging,
    Committing,
    UpdatingCart,
    Emailing,
    Confirmed,
    Refunding,
    Releasing,
    Reopening,
    Cancelling,
    Restocking,
    Failed,
    Cancelled,
    NotifyingShipment,
    Shipped,
    Delivering,
    Delivered,

    /// <summary>A confirmed order stored by a version before the table, with work left to do.</summary>
    Settling,

    /// <summary>Never stored: the order's record is cleared, as if the checkout never began.</summary>
    Discarded,

    /// <summary>The confirmation e-mail tried once before the answer (added after the others, so their numbers stay).</summary>
    Confirming,
}
