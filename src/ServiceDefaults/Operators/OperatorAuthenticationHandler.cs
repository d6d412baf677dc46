using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// HTTP Basic authentication of the one operator credential, for every operator endpoint of the
/// silos and the API; a browser asks for it by itself.
/// A client that failed too often (<see cref="OperatorLockout"/>) is answered 429 instead.
/// </summary>
internal sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorOptions> operatorOptions,
    OperatorLockout lockout,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    public const string SchemeName = "Operator";

    public const string RoleName = "operator";

    private TimeSpan _lockedOutFor;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Before the credential is even read: while locked out, a right guess must look
        // exactly like a wrong one.
        var client = Context.Connection.RemoteIpAddress;
        if (lockout.IsLockedOut(client, out _lockedOutFor))
        {
            return Task.FromResult(AuthenticateResult.Fail("Too many failed attempts."));
        }

        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            // No credential is no attempt: a browser asks first without one.
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string credential;
        try
        {
            credential = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            lockout.RecordFailure(client);
            return Task.FromResult(AuthenticateResult.Fail("Malformed credentials."));
        }

        var expected = operatorOptions.Value;
        var expectedBytes = Encoding.UTF8.GetBytes($"{expected.Username}:{expected.Password}");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), expectedBytes))
        {
            lockout.RecordFailure(client);
            return Task.FromResult(AuthenticateResult.Fail("Wrong credentials."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, expected.Username), new Claim(ClaimTypes.Role, RoleName)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_lockedOutFor <= TimeSpan.Zero)
        {
            Response.Headers.WWWAuthenticate = "Basic realm=\"Ecommerce operator\", charset=\"UTF-8\"";
            await base.HandleChallengeAsync(properties);
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(_lockedOutFor.TotalSeconds));
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many failed sign-ins from this address; retry after {seconds} s.";
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too Many Requests",
                Detail = detail,
            },
        });
        if (!written)
        {
            // A client that accepts no JSON still learns why.
            await Response.WriteAsync(detail);
        }
    }
}
