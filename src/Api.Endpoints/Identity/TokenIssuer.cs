using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Api.Identity;

/// <summary>Signs tokens with the configured key; used by the Development-only token endpoint.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string customerId, bool admin)
    {
        var auth = options.Value;
        var claims = new List<Claim> { new(Policies.CustomerIdClaim, customerId) };
        if (admin)
        {
            claims.Add(new Claim(Policies.RoleClaim, Policies.AdminRole));
        }

        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.DevTokenLifetime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
