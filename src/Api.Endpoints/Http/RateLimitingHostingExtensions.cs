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
    /// Token buckets per customer (the token's <c>sub</c>) or, for anonymous callers, per IP.
    /// A caller over the limit gets 429 problem details with Retry-After; health, metrics and
    /// everything on the operator port are never limited. The host's capacity is
    /// <see cref="HostAdmission"/>'s, before authentication.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);

        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = "Too many requests; retry after the time in Retry-After." },
                });
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
