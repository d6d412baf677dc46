using System.Threading.RateLimiting;
using Ecommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Checkout;

/// <summary>
/// Admits checkouts a bounded number at a time, a short queue waiting in arrival order, and
/// refuses the rest at once with 503 and Retry-After. A flash sale sends thousands at once;
/// run all at once, they share two cores, each finishes late, and those past their grain
/// call's deadline answer 504 though their orders go on (the hot sku: 2,000 buyers,
/// docs/benchmarks.md). Admitted a dozen at a time, each checkout runs at full speed and
/// answers within its deadline. A checkout costs several times a read, so it has this bound
/// of its own inside the host's (<see cref="Http.HostAdmission"/>), which would otherwise let a
/// checkout flood take every place. Per-customer rate limits still apply first; this is the
/// host's capacity, so it holds even with <c>RateLimits:Enabled</c> off.
/// </summary>
public static class CheckoutAdmission
{
    public const string Policy = "checkout";

    public static IHostApplicationBuilder AddCheckoutAdmission(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CheckoutOptions>(CheckoutOptions.SectionName);
        builder.Services.AddRateLimiter(o => o.AddPolicy(Policy, http =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<CheckoutOptions>>().Value;
            return RateLimitPartition.GetConcurrencyLimiter(Policy, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.MaxConcurrent,
                QueueLimit = limits.MaxQueued,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }));
        return builder;
    }
}
