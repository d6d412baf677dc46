using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Api.Identity;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Identity;

[Collection(ShopCollectionDefinition.Name)]
public sealed class IdentityTests(ShopFixture shop)
{
    private const string ProductionKey = "a-production-key-that-is-long-enough-for-hmac-sha256";

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
            new Dictionary<string, string?> { ["Auth:SigningKey"] = ProductionKey });
        api.StartServer();

        var response = await api.CreateClient().PostAsJsonAsync("/dev/token", new { customerId = "mallory", admin = true });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public void ProductionRefusesToStartWithTheDevelopmentKey()
    {
        using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, "Production",
            new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey });

        var error = Assert.Throws<OptionsValidationException>(api.StartServer);

        Assert.Contains("Auth:SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProductionRefusesToStartWithoutAnAuthorityOrAKey()
    {
        using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, "Production");

        var error = Assert.Throws<OptionsValidationException>(api.StartServer);

        Assert.Contains("Auth:Authority", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Base64UrlDecode(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
