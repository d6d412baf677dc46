using System.Net;
using System.Net.Http.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Catalog;

[Collection(ShopCollectionDefinition.Name)]
public sealed class CatalogRightsTests(ShopFixture shop)
{
    [Fact]
    public async Task AnonymousCallersCannotManageTheCatalog()
    {
        var sku = await ExistingSkuAsync();
        var anonymous = shop.Anonymous();

        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku())), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.PutAsJsonAsync($"/api/products/{sku}", Products.UpdateBody()), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.DeleteAsync($"/api/products/{sku}"), HttpStatusCode.Unauthorized);
        await AssertUnchangedAsync(sku);
    }

    [Fact]
    public async Task CustomersCannotManageTheCatalog()
    {
        var sku = await ExistingSkuAsync();
        var customer = await shop.CustomerAsync();

        await ProblemAssert.IsProblemAsync(await customer.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku())), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await customer.PutAsJsonAsync($"/api/products/{sku}", Products.UpdateBody()), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await customer.DeleteAsync($"/api/products/{sku}"), HttpStatusCode.Forbidden);
        await AssertUnchangedAsync(sku);
    }

    [Fact]
    public async Task CustomersCanReadTheCatalog()
    {
        var sku = await ExistingSkuAsync();
        var customer = await shop.CustomerAsync();

        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/products/{sku}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/products")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZSI6ImFkbWluIn0.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ")]
    public async Task AnInvalidTokenIsUnauthorized(string token)
    {
        var client = shop.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var response = await client.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku()));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private async Task<string> ExistingSkuAsync()
    {
        var sku = Products.NewSku();
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(sku, name: "Original"));
        return sku;
    }

    private async Task AssertUnchangedAsync(string sku)
    {
        var product = await shop.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/products/{sku}");
        Assert.Equal("Original", product.GetProperty("name").GetString());
        Assert.True(product.GetProperty("active").GetBoolean());
    }
}
