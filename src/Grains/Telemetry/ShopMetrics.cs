using System.Diagnostics.Metrics;

namespace Ecommerce.Grains.Telemetry;

/// <summary>The project's own instruments, on the "Ecommerce" meter that /metrics exports.</summary>
public sealed class ShopMetrics
{
    private readonly Histogram<double> _checkoutDuration;
    private readonly Histogram<double> _outboundDuration;
    private readonly TimeProvider _time;
    private volatile StuckCount? _stuck;

    public ShopMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(ServiceDefaults.Telemetry.Name);
        _checkoutDuration = meter.CreateHistogram<double>("ecommerce.checkout.duration", "s",
            "Time a checkout took to answer, by outcome.");
        _outboundDuration = meter.CreateHistogram<double>("ecommerce.outbound.duration", "s",
            "Time a call to an outside service took, retries included, by service and outcome.");
        meter.CreateObservableGauge("ecommerce.orders.stuck", ObserveStuck, "{order}",
            "Orders still pending past Orders:StuckAfter (counted to 10,001), as the sweep of unfinished orders last counted them.");
    }

    /// <summary>
    /// The sweep counted the stuck orders. Only the silo running the sweep reports them, and only
    /// while the count is fresh, so a silo the sweep moved away from reports no stale figure.
    /// </summary>
    public void StuckOrdersCounted(long count) => _stuck = new StuckCount(count, _time.GetUtcNow());

    private IEnumerable<Measurement<long>> ObserveStuck()
    {
        if (_stuck is { } stuck && _time.GetUtcNow() - stuck.At < StuckFreshFor)
        {
            yield return new Measurement<long>(stuck.Count);
        }
    }

    private static readonly TimeSpan StuckFreshFor = TimeSpan.FromMinutes(3);

    private sealed record StuckCount(long Count, DateTimeOffset At);

    public void CheckoutAnswered(TimeSpan duration, string outcome) =>
        _checkoutDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void OutboundCallEnded(TimeSpan duration, string service, string outcome) =>
        _outboundDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("outcome", outcome));
}
