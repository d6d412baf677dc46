using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Identity;

/// <summary>
/// The shop on a real OpenID Connect provider's tokens (the API in Production, configured by
/// the issuer URL and audience alone): a customer buys, an admin manages the catalog, and
/// which claims name the customer and the admin is configuration.
/// </summary>
[Collection(ProviderCollectionDefinition.Name)]
public sealed class ProviderIdentityTests(ProviderShopFixture shop)
{
    [Fact]
    public async Task ACustomerSignedInAtTheProviderFillsACartAndChecksOut()
    {
        var sku = await Shopper.ProductAsync(shop, price: 7m); // created by an admin's provider token
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(sku, 2);

        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(shopper.CustomerId, order.GetProperty("customerId").GetString()); // the token's sub
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        var stranger = await shop.CustomerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/orders/{order.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task AnAdminIsARoleOrRolesClaimHoldingAdminAsAStringOrInAnArray()
    {
        foreach (var claims in new object[] { new { role = "admin" }, new { roles = "admin" }, new { roles = new[] { "staff", "admin" } } })
        {
            var admin = await ClientAsync(claims);

            var response = await admin.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("PA")));

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{JsonSerializer.Serialize(claims)}: {(int)response.StatusCode}");
        }
        foreach (var claims in new object[] { new { roles = new[] { "staff" } }, new { role = "Admin" }, new { admins = "admin" } })
        {
            var customer = await ClientAsync(claims);

            var response = await customer.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("PA")));

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task WithAProviderTheDevelopmentTokenEndpointDoesNotExist() =>
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().PostAsJsonAsync("/dev/token", new { customerId = "mallory", admin = true }),
            HttpStatusCode.NotFound);

    /// <summary>Keycloak's shape: the customer id in <c>preferred_username</c>, roles in <c>realm_access.roles</c>; in Development too.</summary>
    [Fact]
    public async Task TheCustomerIdAndAdminClaimsAreConfigurationAsForKeycloak()
    {
        var settings = ProviderShopFixture.SettingsFor(shop.Provider);
        settings["Auth:CustomerIdClaim"] = "preferred_username";
        settings["Auth:AdminClaims"] = "realm_access.roles";
        await using var api = shop.StartApi(settings, environment: "Development");
        var username = $"kc-{Guid.NewGuid():N}";
        var sku = await Shopper.ProductAsync(shop);
        HttpClient Client(string token) => ProviderShopFixture.Bearer(api.CreateClient(), token);
        var onePhone = Client(await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}", new { preferred_username = username }));
        var otherPhone = Client(await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}", new { preferred_username = username }));
        var realmAdmin = Client(await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}",
            new { preferred_username = $"kc-{Guid.NewGuid():N}", realm_access = new { roles = ProviderShopFixture.AdminRoles } }));
        var plainRoleAdmin = Client(await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}", new { preferred_username = "kc-x", role = "admin" }));
        var badUsername = Client(await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}", new { preferred_username = "a\nb" }));

        Assert.Equal(HttpStatusCode.OK, (await onePhone.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity = 3 })).StatusCode);
        var cart = await otherPhone.GetFromJsonAsync<JsonElement>("/api/cart"); // another client, the same user: the same cart
        Assert.Equal(3, cart.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await realmAdmin.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("KC")))).StatusCode);
        await ProblemAssert.IsProblemAsync(await plainRoleAdmin.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("KC"))), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await badUsername.GetAsync("/api/cart"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await api.CreateClient().PostAsJsonAsync("/dev/token", new { customerId = "mallory" }), HttpStatusCode.NotFound);
    }

    private async Task<HttpClient> ClientAsync(object claims) =>
        ProviderShopFixture.Bearer(shop.Anonymous(), await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}", claims));
}
