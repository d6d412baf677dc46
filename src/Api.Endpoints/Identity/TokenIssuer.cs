using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Api.Identity;

/// <summary>Signs the Development-only token endpoint's tokens: as the development issuer, or with the shared key when one is set.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, DevelopmentIssuer developmentIssuer, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string customerId, bool admin)
    {
        var auth = options.Value;
        // Named as the configuration reads them (a dotted admin claim is read whole first).
        var claims = new List<Claim> { new(auth.CustomerIdClaim, customerId) };
        if (admin)
        {
            claims.Add(new Claim(auth.AdminClaimNames[0], auth.AdminValue));
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
            SigningCredentials = auth.Source == TokenSource.SharedKey
                ? new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey)), SecurityAlgorithms.HmacSha256)
                : developmentIssuer.SigningCredentials,
        });
    }
}
