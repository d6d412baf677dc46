using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Identity;

/// <summary>Where the API steps into JwtBearer's validation: the keys' gate, the claims, and the 503 before any key is known.</summary>
internal sealed class TokenEvents(SigningKeys keys, IOptions<AuthOptions> options) : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        // Only a bearer token: the co-hosting silo's operator sends Basic credentials to another scheme.
        if (!keys.Fetched && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail(new SigningKeysUnavailableException());
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A token is accepted only with a customer id that follows the rule, whoever signed it:
    /// the id keys grains and rows and goes into logs, so a 3,000-character one or one holding a
    /// NUL or a line break never gets past the edge, on any endpoint.
    /// </summary>
    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (TokenClaims.Read(context.Principal!, options.Value) is { } caller)
        {
            context.Principal = caller;
        }
        else
        {
            context.Fail($"The token's customer id ({options.Value.CustomerIdClaim}) is missing or breaks the rule. {CustomerIds.Rule}");
        }
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is SigningKeysUnavailableException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            context.HandleResponse();
        }
        return Task.CompletedTask;
    }
}

/// <summary>A token arrived before the issuer's keys were ever fetched: the service, not the token, is at fault.</summary>
internal sealed class SigningKeysUnavailableException() : Exception("The token issuer's keys were never fetched.");
