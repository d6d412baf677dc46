using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Ecommerce.ServiceDefaults;

namespace Ecommerce.Api.Identity;

public static class IdentityHostingExtensions
{
    /// <summary>
    /// Adds JWT bearer identity: <c>sub</c> is the customer id, role <c>admin</c> manages the
    /// catalog. Outside Development the start fails on a missing or development key.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName)
            .WithDevelopmentDefault(builder.Environment, AuthOptions.SectionName, o => o.SigningKey, AuthOptions.DevelopmentSigningKey);

        // The default scheme even beside another (the silo's operator credential, when co-hosted).
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.Value.SigningKey)),
                    NameClaimType = Policies.CustomerIdClaim,
                    RoleClaimType = Policies.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = RequireAValidCustomerId };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Customer, p => p.RequireAuthenticatedUser().RequireClaim(Policies.CustomerIdClaim))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Policies.AdminRole));
        builder.Services.AddSingleton<TokenIssuer>();
        return builder;
    }

    /// <summary>
    /// A token is accepted only with a customer id that follows the rule, whoever signed it:
    /// the id keys grains and rows and goes into logs, so a 3,000-character one or one holding a
    /// NUL or a line break never gets past the edge, on any endpoint.
    /// </summary>
    private static Task RequireAValidCustomerId(TokenValidatedContext context)
    {
        if (!CustomerIds.IsValid(context.Principal?.FindFirstValue(Policies.CustomerIdClaim)))
        {
            context.Fail($"The token's customer id ({Policies.CustomerIdClaim}) is missing or breaks the rule. {CustomerIds.Rule}");
        }
        return Task.CompletedTask;
    }
}
