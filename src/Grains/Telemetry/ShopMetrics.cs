using System.Diagnostics.Metrics;

namespace Ecommerce.Grains.Telemetry;

/// <summary>The project's own instruments, on the "Ecommerce" meter that /metrics exports.</summary>
public sealed class ShopMetrics
{
    private readonly Histogram<double> _checkoutDuration;
    private readonly Histogram<double> _outboundDuration;

    public ShopMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaults.Telemetry.Name);
        _checkoutDuration = meter.CreateHistogram<double>("ecommerce.checkout.duration", "s",
            "Time a checkout took to answer, by outcome.");
        _outboundDuration = meter.CreateHistogram<double>("ecommerce.outbound.duration", "s",
            "Time a call to an outside service took, retries included, by service and outcome.");
    }

    public void CheckoutAnswered(TimeSpan duration, string outcome) =>
        _checkoutDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void OutboundCallEnded(TimeSpan duration, string service, string outcome) =>
        _outboundDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("outcome", outcome));
}
