using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ecommerce.Api.Hosting;

/// <summary>
/// Ready while the client has at least one silo gateway. The client only starts serving
/// once connected, so it starts out ready and follows the client's notifications.
/// </summary>
internal sealed class ClusterConnectionHealthCheck : IHealthCheck, IClusterConnectionStatusObserver
{
    private volatile int _gateways = 1;

    public void NotifyClusterConnectionLost() => _gateways = 0;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        _gateways = currentNumberOfGateways;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_gateways > 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("No silo gateway is connected."));
}
