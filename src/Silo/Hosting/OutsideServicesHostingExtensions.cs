using Ecommerce.Grains.Email;
using Ecommerce.Grains.Inventory;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Payments;
using Ecommerce.ServiceDefaults;
using Ecommerce.Grains.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Ecommerce.Silo.Hosting;

public static class OutsideServicesHostingExtensions
{
    /// <summary>
    /// Adds one typed client per outside service, each on the host's pooled handlers with a
    /// resilience pipeline: a concurrency limit, a total and a per-attempt timeout, jittered
    /// retries only for idempotent or keyed requests, and a circuit breaker. Also the shop's
    /// instruments, which the clients record every call in (and the order grain, which needs
    /// the clients anyway, its checkouts).
    /// </summary>
    public static IHostApplicationBuilder AddOutsideServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopMetrics>();
        AddClient<PaymentClient>(builder, PaymentClient.Name);
        AddClient<InventoryClient>(builder, InventoryClient.Name);
        AddClient<EmailClient>(builder, EmailClient.Name);
        return builder;
    }

    private static void AddClient<TClient>(IHostApplicationBuilder builder, string name) where TClient : class
    {
        builder.Services.AddOptions<ServiceClientOptions>(name)
            .BindConfiguration($"Services:{name}")
            .ValidateSection($"Services:{name}")
            .ValidateOnStart();

        builder.Services.AddHttpClient<TClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<ServiceClientOptions>>().Get(name);
                http.BaseAddress = options.BaseUrl;
                // The resilience pipeline owns the deadlines.
                http.Timeout = Timeout.InfiniteTimeSpan;
                if (options.ApiKey is { Length: > 0 } key)
                {
                    http.DefaultRequestHeaders.Authorization = new("Bearer", key);
                }
            })
            // Typed clients live as long as the grains that use them: let the pooled
            // connections, not the handler, expire so that DNS changes are still seen.
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(name, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ServiceClientOptions>>().Get(name);
                pipeline
                    .AddConcurrencyLimiter(options.MaxConcurrentCalls, queueLimit: options.MaxConcurrentCalls)
                    .AddTimeout(options.TotalTimeout);
                if (options.MaxRetries > 0)
                {
                    // Polly refuses a retry strategy of no retries: MaxRetries 0 means none at all.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldHandle = args => ValueTask.FromResult(
                            ServiceHttp.IsSafeToRepeat(args.Context.GetRequestMessage()) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    });
                }
                pipeline
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = options.BreakerFailureRatio,
                        MinimumThroughput = options.BreakerMinimumThroughput,
                        SamplingDuration = TimeSpan.FromSeconds(Math.Max(10, 2 * options.AttemptTimeout.TotalSeconds)),
                        BreakDuration = options.BreakerBreakDuration,
                    })
                    .AddTimeout(options.AttemptTimeout);
            });
    }
}
