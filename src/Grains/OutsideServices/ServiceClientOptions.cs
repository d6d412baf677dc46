using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Grains.OutsideServices;

/// <summary>
/// Where an outside service is and how patiently it is called (sections
/// <c>Services:Payment</c>, <c>Services:Inventory</c>, <c>Services:Email</c>).
/// </summary>
public sealed class ServiceClientOptions : IValidatableObject
{
    /// <summary>Where the service is; by default the simulators on this machine.</summary>
    [Required]
    public Uri? BaseUrl { get; set; } = new("http://127.0.0.1:5100/");

    /// <summary>Bearer key sent with every call; the payment gateway requires one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Deadline of one attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Deadline of a call, all retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Retries after the first attempt, with jittered exponential backoff; only idempotent or keyed calls are retried.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay, doubled for each one after it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.1);

    /// <summary>Share of failed calls, over the sampling window, that opens the circuit.</summary>
    [Range(0.01, 1)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 20;

    /// <summary>How long an opened circuit fails calls at once before it lets one through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Calls in flight at once from this process; more wait, so a slow service cannot exhaust the silo.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentCalls { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("BaseUrl must be an absolute URL.", [nameof(BaseUrl)]);
        }
        if (AttemptTimeout > TotalTimeout)
        {
            yield return new ValidationResult("AttemptTimeout must not exceed TotalTimeout.", [nameof(AttemptTimeout)]);
        }
    }
}
