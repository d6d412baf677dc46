using System.Threading.RateLimiting;
using Ecommerce.ServiceDefaults.Operators;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Http;

/// <summary>
/// The host's bound on the shop's work in flight: beyond <see cref="AdmissionOptions.MaxInFlight"/>
/// requests wait in a short queue, and past it they are answered 503 with Retry-After at once,
/// before any grain or database work, so the admitted keep their usual latency instead of every
/// answer slowing together in Kestrel's, the thread pool's, Orleans' and the pool's queues.
/// </summary>
public static class HostAdmission
{
    /// <summary>The framework's concurrency limiter, one partition for the whole host; one per host, so made per host.</summary>
    public static PartitionedRateLimiter<HttpContext> CreateLimiter() => PartitionedRateLimiter.Create<HttpContext, string>(http =>
    {
        if (IsOperatorTraffic(http) || http.GetEndpoint()?.Metadata.GetMetadata<HeldOpen>() is not null)
        {
            return RateLimitPartition.GetNoLimiter("outside admission");
        }
        var admission = http.RequestServices.GetRequiredService<IOptions<AdmissionOptions>>().Value;
        return RateLimitPartition.GetConcurrencyLimiter("host", _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = admission.MaxInFlight,
            QueueLimit = admission.MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    });

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
