using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Http;

/// <summary>Request rate limits (the <c>RateLimits</c> section): per customer when signed in, else per client IP.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int CustomerPermitsPerSecond { get; set; } = 100;

    [Range(1, 1_000_000)]
    public int CustomerBurst { get; set; } = 200;

    [Range(1, 1_000_000)]
    public int AnonymousPermitsPerSecond { get; set; } = 200;

    [Range(1, 1_000_000)]
    public int AnonymousBurst { get; set; } = 400;
}
