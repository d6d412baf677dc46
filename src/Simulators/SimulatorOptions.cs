using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Simulators;

/// <summary>The simulators' own settings (the <c>Simulators</c> section).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulators";

    /// <summary>The bearer key the payment gateway accepts.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PaymentApiKey { get; set; } = "sim-payment-key";

    /// <summary>How long a request hit by a timeout fault is held before it is answered.</summary>
    [Range(0, 600)]
    public int TimeoutHoldSeconds { get; set; } = 30;

    /// <summary>A reservation never committed is released after this long.</summary>
    [Range(1, 86_400)]
    public int ReservationTtlSeconds { get; set; } = 900;
}
