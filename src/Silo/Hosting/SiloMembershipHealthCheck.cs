using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ecommerce.Silo.Hosting;

/// <summary>Ready only while this silo is an active member of its cluster.</summary>
internal sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"This silo is {status} in the cluster."));
    }
}
