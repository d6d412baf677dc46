namespace Ecommerce.Grains.OutsideServices;

/// <summary>How a call to an outside service failed, as the API reports it.</summary>
public enum ServiceFailure
{
    /// <summary>The service answered with an error (502).</summary>
    Error,

    /// <summary>The service could not be reached, or its circuit is open (503).</summary>
    Unavailable,

    /// <summary>The service did not answer in time; what it did is unknown (504).</summary>
    Timeout,

    /// <summary>
    /// A definite refusal (a 4xx other than 408 or 429: an amount it will not take, an unknown
    /// reference): asking again cannot change it, so the step is refused, not retried (502).
    /// </summary>
    Refused,
}

/// <summary>A call to an outside service that ended without a definite answer.</summary>
public sealed class ServiceCallException(string service, ServiceFailure failure, string message, Exception? inner = null)
    : Exception($"{service}: {message}", inner)
{
    public string Service { get; } = service;

    public ServiceFailure Failure { get; } = failure;
}
