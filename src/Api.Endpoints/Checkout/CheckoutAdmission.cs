namespace Ecommerce.Api.Checkout;

/// <summary>
/// Admits checkouts a bounded number at a time, a short queue waiting in arrival order, and
/// refuses the rest at once with 503 and Retry-After (<see cref="Http.HostAdmission"/> runs it).
/// A flash sale sends thousands at once; run all at once, they share two cores, each finishes
/// late, and those past their grain call's deadline answer 504 though their orders go on (the
/// hot sku: 2,000 buyers, docs/benchmarks.md). Admitted a few at a time, each checkout runs at
/// full speed and answers within its deadline. A checkout costs several reads, so it has this
/// bound besides the host's, which a checkout flood would otherwise fill; a checkout waiting for
/// its turn here holds none of the host's places. This is the host's capacity, so it holds with
/// <c>RateLimits:Enabled</c> off.
/// </summary>
public static class CheckoutAdmission
{
    /// <summary>The checkout endpoint's place in the admission: the <c>Checkout</c> section's bound, not the host's.</summary>
    public static RouteHandlerBuilder AdmittedAsCheckout(this RouteHandlerBuilder builder) => builder.WithMetadata(new Checkout());

    public sealed record Checkout;
}
