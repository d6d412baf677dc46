using Ecommerce.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;

namespace Ecommerce.Silo.Dashboard;

public static class DashboardHostingExtensions
{
    public const string Path = "/dashboard";
    public const string OperatorPolicy = "operator";

    /// <summary>
    /// Adds the Orleans Dashboard, opened by the operator credential. Outside Development the
    /// start fails without a password, or with the development one.
    /// </summary>
    public static IHostApplicationBuilder AddOperatorDashboard(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        var environmentName = builder.Environment.EnvironmentName;
        builder.Services.AddOptions<OperatorOptions>()
            .BindConfiguration(OperatorOptions.SectionName)
            .PostConfigure(o =>
            {
                if (isDevelopment && string.IsNullOrEmpty(o.Password))
                {
                    o.Password = OperatorOptions.DevelopmentPassword;
                }
            })
            .ValidateSection(OperatorOptions.SectionName)
            .Validate(o => isDevelopment || o.Password != OperatorOptions.DevelopmentPassword,
                $"Dashboard:Password is the public development password, which the {environmentName} environment refuses.")
            .ValidateOnStart();

        builder.Services.AddAuthentication(OperatorAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName).RequireRole("operator"));
        return builder;
    }

    public static IEndpointRouteBuilder MapOperatorDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(OperatorPolicy);
        return endpoints;
    }
}
