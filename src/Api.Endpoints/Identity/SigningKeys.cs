using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Identity;

/// <summary>
/// Fetches the token issuer's discovery document and keys at start, through JwtBearer's own
/// configuration manager (which keeps them fresh from then on), retrying until it has them,
/// and says whether it ever did: readiness reports it, and until then a request carrying a
/// token is answered 503 at once (<see cref="TokenEvents"/>). Without this, every such request
/// would wait its turn to try the provider itself, one fetch at a time.
/// </summary>
internal sealed partial class SigningKeys(IOptionsMonitor<JwtBearerOptions> jwt, IOptions<AuthOptions> auth, ILogger<SigningKeys> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _fetched;

    public bool Fetched => _fetched;

    /// <summary>
    /// Waits for the first fetch, at most its timeout and a second, before the web server starts
    /// (the framework starts it after the app's hosted services): a reachable provider's keys are
    /// there for the first request, and one that is not delays the start by no more than that.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await Task.WhenAny(_firstAttempt.Task, Task.Delay(auth.Value.BackchannelTimeout + TimeSpan.FromSeconds(1), cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var manager = jwt.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager;
        if (manager is null)
        {
            _fetched = true; // a shared key: nothing to fetch
            _firstAttempt.TrySetResult();
            return;
        }

        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var configuration = await manager.GetConfigurationAsync(stoppingToken);
                _fetched = true;
                LogFetched(logger, configuration.Issuer, configuration.SigningKeys.Count);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogNotFetched(logger, delay, ex.GetBaseException().Message);
            }
            finally
            {
                _firstAttempt.TrySetResult();
            }
            await Task.Delay(delay, stoppingToken);
            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_fetched
            ? HealthCheckResult.Healthy("The token issuer's keys are known.")
            : HealthCheckResult.Unhealthy("The token issuer's keys were never fetched."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Token issuer {Issuer}: {KeyCount} signing keys fetched.")]
    private static partial void LogFetched(ILogger logger, string issuer, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token issuer's keys could not be fetched (retrying in {Delay}): {Reason}")]
    private static partial void LogNotFetched(ILogger logger, TimeSpan delay, string reason);
}
