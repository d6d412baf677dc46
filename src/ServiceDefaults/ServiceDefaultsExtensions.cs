using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ecommerce.ServiceDefaults;

/// <summary>What every process of the system serves alike: the API, the silos, the simulators.</summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Health checks, structured logs carrying trace ids, metrics for Prometheus, and traces
    /// exported by OTLP when the standard OTEL_EXPORTER_OTLP_* variables name an endpoint.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // Liveness answers from the process alone: a database outage must not get it restarted.
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        builder.Services.AddValidatedOptions<ShutdownOptions>(ShutdownOptions.SectionName);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.Timeout);

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddConsole(o => o.FormatterName = EscapingConsoleFormatter.FormatterName)
            .AddConsoleFormatter<EscapingConsoleFormatter, ConsoleFormatterOptions>(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(Telemetry.Meters)
                .AddPrometheusExporter());
        // Spans are recorded only when they have somewhere to go: without an exporter, every
        // request and grain call would build and drop activities (docs/benchmarks.md measures it).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(Telemetry.Sources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOperational(http.Request.Path))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>Health and metrics open to all, for a process without an operator port (the simulators).</summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthEndpoints();
        endpoints.MapPrometheusScrapingEndpoint("/metrics").DisableHttpMetrics();
        return endpoints;
    }

    /// <summary><c>/health/live</c> (the process alone) and <c>/health/ready</c> (what it depends on).</summary>
    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGroup("/health");
        health.MapHealthChecks("/live", new HealthCheckOptions { Predicate = check => check.Name == "self" })
            .DisableHttpMetrics();
        health.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .DisableHttpMetrics();
        return health;
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
