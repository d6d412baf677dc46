using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ecommerce.Database;

/// <summary>
/// Ready only while a pooled connection to the primary can run a query within the check's
/// deadline: with a primary and standbys listed, a standby alone is not ready. It opens its
/// connection as every caller does, so a probe also counts in the database's metrics.
/// </summary>
internal sealed class DatabaseHealthCheck(PooledDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 3 };
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("No PostgreSQL primary is reachable.", ex);
        }
    }
}
