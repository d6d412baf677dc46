using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Ecommerce.Api.Identity;
using Ecommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Http;

public static class RateLimitingHostingExtensions
{
    /// <summary>
    /// Token buckets per customer (the token's <c>sub</c>) or, for anonymous callers, per IP, then
    /// the host's admission (<see cref="HostAdmission"/>). A caller over its own limit gets 429 with
    /// the bucket's Retry-After; a request the host has no place for gets 503 with Retry-After.
    /// Health, metrics and everything on the operator port are never limited.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);
        builder.Services.AddValidatedOptions<AdmissionOptions>(AdmissionOptions.SectionName);

        builder.Services.AddRateLimiter(o =>
        {
            // The caller's own limit first, so a greedy caller's excess takes no place in the host's queue.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(PartitionedRateLimiter.Create<HttpContext, string>(Partition), HostAdmission.CreateLimiter());
            o.OnRejected = async (context, cancellationToken) =>
            {
                // Only the token buckets say when to come back; the concurrency limiters (the host's
                // admission, the checkout's) have no such time: they refuse for want of capacity.
                var overLimit = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var http = context.HttpContext;
                var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Detail = "The shop is at capacity; retry after the time in Retry-After.",
                };
                if (overLimit)
                {
                    problem.Status = StatusCodes.Status429TooManyRequests;
                    problem.Detail = "Too many requests; retry after the time in Retry-After.";
                    http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                http.Response.StatusCode = problem.Status.Value;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!limits.Enabled || HostAdmission.IsOperatorTraffic(http))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }
        if (http.User.FindFirstValue(Policies.CustomerIdClaim) is { } customerId)
        {
            return RateLimitPartition.GetTokenBucketLimiter($"customer:{customerId}", _ => Bucket(limits.CustomerPermitsPerSecond, limits.CustomerBurst));
        }
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter($"ip:{ip}", _ => Bucket(limits.AnonymousPermitsPerSecond, limits.AnonymousBurst));
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
