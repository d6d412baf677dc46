using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Identity;

public static class DevTokenEndpoints
{
    /// <summary>Maps <c>POST /dev/token</c> in Development only; elsewhere the path does not exist.</summary>
    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            app.MapPost("/dev/token", (DevTokenRequest request, TokenIssuer issuer) =>
                    TypedResults.Ok(new DevTokenResponse(issuer.Issue(request.CustomerId, request.Admin))))
                .WithTags("Development")
                .WithName("IssueDevToken").WithSummary("Get a token for trying the API out (Development only)")
                .AllowAnonymous()
                .ProducesValidationProblem();
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
