using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Grains.OutsideServices;

/// <summary>
/// Where an outside service is and how patiently it is called (sections
/// <c>Services:Payment</c>, <c>Services:Inventory</c>, <c>Services:Email</c>).
/// </summary>
public sealed class ServiceClientOptions : IValidatableObject
{
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Bearer key sent with every call; the payment gateway requires one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Deadline of one attempt.</summary>
    [Range(0.05, 60)]
    public double AttemptTimeoutSeconds { get; set; } = 1.5;

    /// <summary>Deadline of a call, all retries included.</summary>
    [Range(0.1, 120)]
    public double TotalTimeoutSeconds { get; set; } = 4;

    /// <summary>Retries after the first attempt, with jittered exponential backoff; only idempotent or keyed calls are retried.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    [Range(0.01, 10)]
    public double RetryDelaySeconds { get; set; } = 0.1;

    /// <summary>Share of failed calls, over the sampling window, that opens the circuit.</summary>
    [Range(0.01, 1)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 20;

    [Range(0.5, 600)]
    public double BreakerBreakSeconds { get; set; } = 5;

    /// <summary>Calls in flight at once from this process; more wait, so a slow service cannot exhaust the silo.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentCalls { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("BaseUrl must be an absolute URL.", [nameof(BaseUrl)]);
        }
        if (AttemptTimeoutSeconds > TotalTimeoutSeconds)
        {
            yield return new ValidationResult("AttemptTimeoutSeconds must not exceed TotalTimeoutSeconds.", [nameof(AttemptTimeoutSeconds)]);
        }
    }
}
