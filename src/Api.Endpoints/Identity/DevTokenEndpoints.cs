using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Identity;

public static class DevTokenEndpoints
{
    /// <summary>
    /// Maps <c>POST /dev/token</c> in Development only, and only while no provider is configured
    /// (the provider's tokens are the only ones accepted then); elsewhere the path does not exist.
    /// The development issuer's discovery document and JWKS are published beside it.
    /// </summary>
    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        var source = app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.Source;
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment() || source == TokenSource.Provider)
        {
            return app;
        }

        app.MapPost("/dev/token", (DevTokenRequest request, TokenIssuer issuer) =>
                TypedResults.Ok(new DevTokenResponse(issuer.Issue(request.CustomerId, request.Admin))))
            .WithTags("Development")
            .WithName("IssueDevToken").WithSummary("Get a token for trying the API out (Development only)")
            .AllowAnonymous()
            .ProducesValidationProblem();
        if (source == TokenSource.DevelopmentIssuer)
        {
            var documents = app.MapGroup("/dev").AllowAnonymous().ExcludeFromDescription();
            documents.MapGet("/.well-known/openid-configuration", (HttpRequest request, DevelopmentIssuer issuer) =>
                TypedResults.Text(issuer.Discovery($"{request.Scheme}://{request.Host}{request.PathBase}/dev"), "application/json"));
            documents.MapGet("/jwks", (DevelopmentIssuer issuer) => TypedResults.Text(issuer.Jwks(), "application/jwk-set+json"));
        }
        return app;
    }
}

/// <summary>Who the token is for, and whether it carries the admin role.</summary>
public sealed record DevTokenRequest(
    [Required, RegularExpression(CustomerIds.Pattern, ErrorMessage = CustomerIds.Rule)]
    string CustomerId,
    bool Admin = false);

public sealed record DevTokenResponse(string Token);
