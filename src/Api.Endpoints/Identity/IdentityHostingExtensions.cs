using System.Text;
using Ecommerce.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Api.Identity;

public static class IdentityHostingExtensions
{
    /// <summary>
    /// Signature algorithms a provider's token may use: asymmetric only, so neither <c>none</c>
    /// nor an HMAC keyed with a public key (or any key the attacker knows) is ever checked.
    /// </summary>
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// Adds JWT bearer identity. Tokens come from the OpenID Connect provider at
    /// <c>Auth:Authority</c> (discovery document and JWKS read, cached and refreshed by
    /// JwtBearer's configuration manager), else are checked with the shared <c>Auth:SigningKey</c>,
    /// else, in Development only, come from the <see cref="DevelopmentIssuer"/>, read the way a
    /// provider is. Outside Development the start fails without an authority or a key.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceIdentity(this IHostApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName)
            .Validate(o => environment.IsDevelopment() || o.Source != TokenSource.DevelopmentIssuer,
                $"Auth:Authority must name the shop's OpenID Connect provider (or Auth:SigningKey a shared key): the {environment.EnvironmentName} environment has no development issuer.")
            .Validate(o => environment.IsDevelopment() || o.SigningKey != AuthOptions.DevelopmentSigningKey,
                $"Auth:SigningKey is the public development value, which the {environment.EnvironmentName} environment refuses; set a secret one.");

        // The default scheme even beside another (the silo's operator credential, when co-hosted).
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IServiceProvider>((jwt, options, services) => Configure(jwt, options.Value, services))
            .PostConfigure(jwt =>
            {
                // The library would otherwise keep validating with a configuration it has replaced
                // (its "last known good") for an hour: a key the provider withdrew would still pass.
                if (jwt.ConfigurationManager is BaseConfigurationManager manager)
                {
                    manager.UseLastKnownGoodConfiguration = false;
                }
            });

        builder.Services.AddSingleton<TokenEvents>();
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SigningKeys>());
        builder.Services.AddHealthChecks().AddCheck<SigningKeys>("identity-keys", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddSingleton<DevelopmentIssuer>();
        builder.Services.AddSingleton<TokenIssuer>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Customer, p => p.RequireAuthenticatedUser().RequireClaim(Policies.CustomerIdClaim))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Policies.AdminRole));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IServiceProvider services)
    {
        jwt.MapInboundClaims = false;
        jwt.EventsType = typeof(TokenEvents);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = auth.Audience,
            ValidAlgorithms = AsymmetricAlgorithms,
            NameClaimType = Policies.CustomerIdClaim,
            RoleClaimType = Policies.RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        switch (auth.Source)
        {
            case TokenSource.Provider:
                // JwtBearer builds the configuration manager from these: the issuer comes from the
                // discovery document, the keys from its JWKS.
                jwt.Authority = auth.Authority;
                jwt.Audience = auth.Audience;
                jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                jwt.BackchannelTimeout = auth.BackchannelTimeout;
                jwt.AutomaticRefreshInterval = auth.AutomaticRefreshInterval;
                jwt.RefreshInterval = auth.RefreshInterval;
                jwt.RefreshOnIssuerKeyNotFound = true;
                break;
            case TokenSource.DevelopmentIssuer:
                jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(DevelopmentIssuer.MetadataAddress,
                    new OpenIdConnectConfigurationRetriever(), services.GetRequiredService<DevelopmentIssuer>().Documents)
                {
                    AutomaticRefreshInterval = auth.AutomaticRefreshInterval,
                    RefreshInterval = auth.RefreshInterval,
                };
                break;
            case TokenSource.SharedKey:
                jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                break;
        }
    }
}
