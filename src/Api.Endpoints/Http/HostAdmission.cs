using System.Threading.RateLimiting;
using Ecommerce.Api.Checkout;
using Ecommerce.ServiceDefaults;
using Ecommerce.ServiceDefaults.Operators;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Http;

/// <summary>
/// The host's bound on the shop's work in flight: beyond <see cref="AdmissionOptions.MaxInFlight"/>
/// requests wait in a short queue, and past it they are answered 503 with Retry-After at once,
/// before any grain or database work, so the admitted keep their usual latency instead of every
/// answer slowing together in Kestrel's, the thread pool's, Orleans' and the pool's queues.
/// Checkouts, which cost several reads each, are also bounded on their own (<see cref="CheckoutAdmission"/>).
/// </summary>
public static class HostAdmission
{
    public static IHostApplicationBuilder AddHostAdmission(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdmissionOptions>(AdmissionOptions.SectionName);
        builder.Services.AddValidatedOptions<CheckoutOptions>(CheckoutOptions.SectionName);
        return builder;
    }

    /// <summary>
    /// The rate-limiting middleware a second time, before authentication: a refusal costs no token
    /// validation (a fifth of a cart write's time in the first overload sitting went to refusing
    /// others). Its own options, so its refusals are 503s and the caller limits' stay 429s.
    /// </summary>
    public static WebApplication UseHostAdmission(this WebApplication app)
    {
        app.UseRateLimiter(new RateLimiterOptions
        {
            GlobalLimiter = new QueueDeadline<HttpContext>(CreateLimiter(), app.Services.GetRequiredService<IOptions<AdmissionOptions>>().Value.MaxQueueWait),
            OnRejected = (context, _) => context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Detail = "The shop is at capacity; retry after the time in Retry-After." },
                }),
        });
        return app;
    }

    /// <summary>
    /// The framework's concurrency limiters, made per host: a checkout first waits for one of the
    /// checkouts' places (holding none of the host's meanwhile), then like every request for one
    /// of the host's.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> CreateLimiter() => PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<CheckoutAdmission.Checkout>() is null || IsOperatorTraffic(http))
            {
                return RateLimitPartition.GetNoLimiter("not a checkout");
            }
            var checkout = http.RequestServices.GetRequiredService<IOptions<CheckoutOptions>>().Value;
            return RateLimitPartition.GetConcurrencyLimiter("checkout", _ => Places(checkout.MaxConcurrent, checkout.MaxQueued));
        }),
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (IsOperatorTraffic(http) || http.GetEndpoint()?.Metadata.GetMetadata<HeldOpen>() is not null)
            {
                return RateLimitPartition.GetNoLimiter("outside admission");
            }
            var admission = http.RequestServices.GetRequiredService<IOptions<AdmissionOptions>>().Value;
            return RateLimitPartition.GetConcurrencyLimiter("host", _ => Places(admission.MaxInFlight, admission.MaxQueued));
        }));

    private static ConcurrencyLimiterOptions Places(int inFlight, int queued) => new()
    {
        PermitLimit = inFlight,
        QueueLimit = queued,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    /// <summary>Probes and scrapes, and the co-hosting silo's operator pages: they must answer under any load.</summary>
    private static readonly string[] OperatorPaths = ["/health", "/metrics", "/dashboard", "/diagnostics"];

    /// <summary>Whatever arrived on the operator port, and the probes of every port.</summary>
    public static bool IsOperatorTraffic(HttpContext http) =>
        http.Connection.LocalPort == http.RequestServices.GetRequiredService<IOptions<OperatorPortOptions>>().Value.Port
        || OperatorPaths.Any(p => http.Request.Path.StartsWithSegments(p));

    /// <summary>
    /// An endpoint that holds its request open for minutes while doing nothing (an event stream) and
    /// bounds itself: in the host's places it would take one for as long as it stays open.
    /// </summary>
    public static TBuilder IsHeldOpen<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new HeldOpen());

    private sealed record HeldOpen;
}
