using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Api.Identity;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Tests.Identity;

[Collection(ShopCollectionDefinition.Name)]
public sealed class IdentityTests(ShopFixture shop)
{
    private const string ProductionKey = "a-production-key-that-is-long-enough-for-hmac-sha256";

    /// <summary>The operator credential a Production API needs besides its key, so that the key alone decides these tests.</summary>
    private const string ProductionOperatorPassword = "a-production-operator-password";

    [Fact]
    public async Task DevTokenCarriesTheCustomerIdAndAdminRole()
    {
        var response = await shop.Anonymous().PostAsJsonAsync("/dev/token", new { customerId = "alice@example.org", admin = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var payload = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1])).RootElement;
        Assert.Equal("alice@example.org", payload.GetProperty("sub").GetString());
        Assert.Equal("admin", payload.GetProperty("role").GetString());
    }

    /// <summary>The development issuer publishes its discovery document and JWKS; the key there verifies its tokens.</summary>
    [Fact]
    public async Task TheDevelopmentIssuersPublishedKeysVerifyItsTokens()
    {
        var client = shop.Anonymous();
        var token = (await (await client.PostAsJsonAsync("/dev/token", new { customerId = "alice" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("token").GetString()!;
        var discovery = await client.GetFromJsonAsync<JsonElement>("/dev/.well-known/openid-configuration");
        var jwks = new JsonWebKeySet(await client.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = "ecommerce-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("ES256", ((JsonWebToken)result.SecurityToken).Alg);
    }

    /// <summary>Its key is derived, not drawn at start: another Development process (a second silo, a restart) accepts the token too.</summary>
    [Fact]
    public async Task ADevelopmentTokenFromOneProcessIsAcceptedByAnother()
    {
        var customer = await shop.CustomerAsync();
        await using var other = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId);
        var client = other.CreateClient();
        client.DefaultRequestHeaders.Authorization = customer.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/orders")).StatusCode);
    }

    [Theory]
    [InlineData("""{"customerId": ""}""")]
    [InlineData("""{"customerId": "has space"}""")]
    [InlineData("""{"customerId": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""")]
    [InlineData("""{"admin": true}""")]
    [InlineData("""{"customerId": "bob", "role": "admin"}""")]
    public async Task DevTokenRejectsABadCustomerId(string json)
    {
        var response = await shop.Anonymous().PostAsync("/dev/token", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OutsideDevelopmentTheTokenEndpointDoesNotExist()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, "Production",
            new Dictionary<string, string?> { ["Auth:SigningKey"] = ProductionKey, ["Dashboard:Password"] = ProductionOperatorPassword });
        api.StartServer();

        var response = await api.CreateClient().PostAsJsonAsync("/dev/token", new { customerId = "mallory", admin = true });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public void ProductionRefusesToStartWithTheDevelopmentKey()
    {
        using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, "Production",
            new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey, ["Dashboard:Password"] = ProductionOperatorPassword });

        var error = Assert.Throws<OptionsValidationException>(api.StartServer);

        Assert.Contains("Auth:SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProductionRefusesToStartWithoutAnAuthorityOrAKey()
    {
        using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, "Production",
            new Dictionary<string, string?> { ["Dashboard:Password"] = ProductionOperatorPassword });

        var error = Assert.Throws<OptionsValidationException>(api.StartServer);

        Assert.Contains("Auth:Authority", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Base64UrlDecode(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
