using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>The operator port of a silo or of the API process, and the credential its endpoints take.</summary>
public static class OperatorHostingExtensions
{
    /// <summary>The authorization policy of every operator endpoint but <c>/metrics</c>.</summary>
    public const string OperatorPolicy = "operator";

    private const string MetricsPolicy = "metrics";

    /// <summary>
    /// Serves each endpoint only on its kind of port (<see cref="ServingPortPolicy"/>), and adds the
    /// operator credential (HTTP Basic) with a lockout after too many failed attempts
    /// (<see cref="OperatorLockout"/>). The start fails when the host does not listen on
    /// <c>Operator:Port</c> and, outside Development, without a password or with the development one.
    /// </summary>
    public static IHostApplicationBuilder AddOperatorPort(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OperatorPortOptions>(OperatorPortOptions.SectionName);
        builder.Services.AddValidatedOptions<OperatorOptions>(OperatorOptions.SectionName)
            .WithDevelopmentDefault(builder.Environment, OperatorOptions.SectionName, o => o.Password, OperatorOptions.DevelopmentPassword);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ServingPortPolicy>());
        builder.Services.AddHostedService<OperatorPortCheck>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OperatorLockout>();
        builder.Services.AddProblemDetails(); // the lockout's 429
        // No default scheme: alone, it is the default; beside the API's bearer tokens, the
        // operator's policies name it.
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, MetricsAccess>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .RequireRole(OperatorAuthenticationHandler.RoleName))
            .AddPolicy(MetricsPolicy, p => p.AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .AddRequirements(new MetricsAccess.Requirement()));
        return builder;
    }

    /// <summary>Health on every port; <c>/metrics</c> on the operator port, for the operator or an open network.</summary>
    public static IEndpointRouteBuilder MapOperatorDefaults(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthEndpoints().ServedOnEveryPort();
        endpoints.MapPrometheusScrapingEndpoint("/metrics").DisableHttpMetrics()
            .ServedOnOperatorPort()
            .RequireAuthorization(MetricsPolicy);
        return endpoints;
    }
}
