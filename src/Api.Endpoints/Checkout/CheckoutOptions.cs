using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Checkout;

/// <summary>
/// How many checkouts the host runs at once (the <c>Checkout</c> section; see
/// <see cref="CheckoutAdmission"/>), and the most one order may be.
/// </summary>
public sealed class CheckoutOptions
{
    public const string SectionName = "Checkout";

    /// <summary>
    /// Checkouts in flight at once; more wait their turn in arrival order. At 16 in flight and 16
    /// waiting, checkouts at twice their saturating rate waited 145 ms at the median
    /// (docs/benchmarks.md, "Overload"): 8 and 8 halve that.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConcurrent { get; set; } = 8;

    /// <summary>
    /// Checkouts that may wait; one more is a 503 at once. As short as the places, so a checkout
    /// waits at most one round of those in flight, far inside its deadline.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxQueued { get; set; } = 8;

    /// <summary>
    /// The largest order total the shop takes: the payment gateway's own limit, so that an order it
    /// would refuse is refused before anything is reserved (the simulated gateway's is 100,000,000).
    /// </summary>
    [Range(typeof(decimal), "0.01", "1000000000000")]
    public decimal MaxOrderTotal { get; set; } = 100_000_000m;
}
