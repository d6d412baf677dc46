using System.Security.Claims;
using Ecommerce.Api.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ecommerce.Tests.Identity;

/// <summary>Which claims name the customer and the admin, as configured, read from tokens the way the providers shape them.</summary>
public sealed class TokenClaimsTests
{
    [Theory]
    [InlineData("""{"sub":"alice","role":"admin"}""", "role,roles", true)]
    [InlineData("""{"sub":"alice","roles":["reader","admin"]}""", "role,roles", true)]
    [InlineData("""{"sub":"alice","roles":["reader"]}""", "role,roles", false)]
    [InlineData("""{"sub":"alice","role":"Admin"}""", "role,roles", false)]
    [InlineData("""{"sub":"alice","realm_access":{"roles":["offline_access","admin"]}}""", "realm_access.roles", true)]
    [InlineData("""{"sub":"alice","realm_access":{"roles":["admin"]},"role":"admin"}""", "realm_access.roles", true)]
    [InlineData("""{"sub":"alice","role":"admin"}""", "realm_access.roles", false)]
    [InlineData("""{"sub":"alice","resource_access":{"shop":{"roles":["admin"]}}}""", "resource_access.shop.roles", true)]
    [InlineData("""{"sub":"alice","https://shop.example/roles":["admin"]}""", "https://shop.example/roles", true)]
    [InlineData("""{"sub":"alice","realm_access":{"roles":"admin"}}""", "realm_access.roles", true)]
    public void TheAdminIsTheConfiguredClaimHoldingTheAdminValue(string payload, string adminClaims, bool admin)
    {
        var caller = TokenClaims.Read(Token(payload), new AuthOptions { AdminClaims = adminClaims });

        Assert.NotNull(caller);
        Assert.Equal("alice", caller.FindFirstValue("sub"));
        Assert.Equal(admin, caller.IsInRole("admin"));
        Assert.Equal(admin ? 2 : 1, caller.Claims.Count()); // nothing else of the token reaches the app
    }

    [Theory]
    [InlineData("""{"sub":"alice"}""", "sub", "alice")]
    [InlineData("""{"sub":"f9a1","oid":"00000000-0000-0000-0000-000000000001"}""", "oid", "00000000-0000-0000-0000-000000000001")]
    [InlineData("""{"sub":"f9a1","preferred_username":"alice@example.org"}""", "preferred_username", "alice@example.org")]
    public void TheCustomerIdIsTheConfiguredClaim(string payload, string claim, string expected) =>
        Assert.Equal(expected, TokenClaims.Read(Token(payload), new AuthOptions { CustomerIdClaim = claim })?.FindFirstValue("sub"));

    /// <summary>(The token handler itself refuses a <c>sub</c> that is not a string; another claim may be anything.)</summary>
    [Theory]
    [InlineData("""{"role":"admin"}""", "sub")]
    [InlineData("""{"sub":"has space"}""", "sub")]
    [InlineData("""{"sub":"a\u0000b"}""", "sub")]
    [InlineData("""{"sub":""}""", "sub")]
    [InlineData("""{"sub":"alice","customer":["alice","bob"]}""", "customer")]
    [InlineData("""{"sub":"alice","customer":{"id":"alice"}}""", "customer")]
    public void ATokenWithoutOneValidCustomerIdHasNoCaller(string payload, string claim) =>
        Assert.Null(TokenClaims.Read(Token(payload), new AuthOptions { CustomerIdClaim = claim }));

    private static ClaimsPrincipal Token(string payload) =>
        new(new ClaimsIdentity(new JsonWebToken("""{"alg":"RS256","typ":"JWT"}""", payload).Claims, "test"));
}
