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
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TimeoutHold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A reservation never committed is released after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);
}
