namespace Ecommerce.Api.Hosting;

/// <summary>
/// At start-up, keeps trying to reach a silo instead of failing: the API may start before
/// the cluster, and it answers nothing until connected.
/// </summary>
internal sealed partial class WaitForClusterRetryFilter(ILogger<WaitForClusterRetryFilter> logger) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogWaiting(logger, exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo reachable yet ({Reason}); retrying")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
