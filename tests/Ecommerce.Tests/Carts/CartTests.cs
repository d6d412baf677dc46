using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Carts;

[Collection(ShopCollectionDefinition.Name)]
public sealed class CartTests(ShopFixture shop)
{
    [Fact]
    public async Task ANewCustomerHasAnEmptyCart()
    {
        var shopper = await Shopper.NewAsync(shop);

        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
        Assert.Equal(0m, cart.GetProperty("total").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", cart.GetProperty("total").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task LinesArePricedFromTheCatalogNowAndTotalled()
    {
        var shopper = await Shopper.NewAsync(shop);
        var mug = await Shopper.ProductAsync(shop, price: 12.50m);
        var lamp = await Shopper.ProductAsync(shop, price: 3.10m);

        await shopper.AddAsync(mug, 2);
        var cart = await shopper.AddAsync(lamp, 3);

        Assert.Equal(34.30m, cart.GetProperty("total").GetProperty("amount").GetDecimal());
        var line = cart.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == mug);
        Assert.Equal("Blue mug", line.GetProperty("name").GetString());
        Assert.Equal(12.50m, line.GetProperty("unitPrice").GetProperty("amount").GetDecimal());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        Assert.Equal(25.00m, line.GetProperty("lineTotal").GetProperty("amount").GetDecimal());
        Assert.True(cart.TryGetProperty("updatedAt", out var updated) && updated.ValueKind == JsonValueKind.String);

        var admin = await shop.AdminAsync();
        await admin.PutAsJsonAsync($"/api/products/{mug}", Products.UpdateBody(name: "Blue mug", price: 20m));
        var repriced = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(49.30m, repriced.GetProperty("total").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task PuttingALineAgainSetsItsQuantity()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop);

        await shopper.AddAsync(sku, 5);
        var cart = await shopper.AddAsync(sku, 2);

        Assert.Equal(2, cart.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(1, cart.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task UnknownAndDiscontinuedProductsAreRefused()
    {
        var shopper = await Shopper.NewAsync(shop);
        var discontinued = await Shopper.ProductAsync(shop);
        await (await shop.AdminAsync()).DeleteAsync($"/api/products/{discontinued}");

        await ProblemAssert.IsProblemAsync(await shopper.Client.PutAsJsonAsync($"/api/cart/items/{Products.NewSku()}", new { quantity = 1 }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await shopper.Client.PutAsJsonAsync($"/api/cart/items/{discontinued}", new { quantity = 1 }), HttpStatusCode.NotFound);
        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AProductDiscontinuedAfterItWasAddedIsShownUnavailableAndCountsInNoTotal()
    {
        var shopper = await Shopper.NewAsync(shop);
        var kept = await Shopper.ProductAsync(shop, price: 2m);
        var dropped = await Shopper.ProductAsync(shop, price: 5m);
        await shopper.AddAsync(kept, 1);
        await shopper.AddAsync(dropped, 3);

        await (await shop.AdminAsync()).DeleteAsync($"/api/products/{dropped}");
        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal([kept], cart.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        var unavailable = Assert.Single(cart.GetProperty("unavailable").EnumerateArray());
        Assert.Equal(dropped, unavailable.GetProperty("sku").GetString());
        Assert.Equal(3, unavailable.GetProperty("quantity").GetInt32());
        Assert.Equal(2m, cart.GetProperty("total").GetProperty("amount").GetDecimal());
        Assert.False(cart.TryGetProperty("checkout", out _));
    }

    [Theory]
    [InlineData("""{"quantity": 0}""")]
    [InlineData("""{"quantity": 100}""")]
    [InlineData("""{"quantity": -1}""")]
    [InlineData("""{"quantity": 1.5}""")]
    [InlineData("""{"quantity": "2"}""")]
    [InlineData("""{"quantity": 2, "price": 0.01}""")]
    [InlineData("""{}""")]
    public async Task BadQuantityIsAValidationProblem(string json)
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop);

        var response = await shopper.Client.PutAsync($"/api/cart/items/{sku}", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task ACartHoldsAtMostFiftyLines()
    {
        var shopper = await Shopper.NewAsync(shop);
        var admin = await shop.AdminAsync();
        var skus = Enumerable.Range(0, 51).Select(_ => Products.NewSku("Z")).ToList();
        await Task.WhenAll(skus.Select(sku => Products.CreateAsync(admin, Products.Body(sku))));

        foreach (var sku in skus.Take(50))
        {
            await shopper.AddAsync(sku, 1);
        }
        var response = await shopper.Client.PutAsJsonAsync($"/api/cart/items/{skus[50]}", new { quantity = 1 });

        await ProblemAssert.IsValidationProblemAsync(response, "sku");
        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(50, cart.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await shopper.Client.PutAsJsonAsync($"/api/cart/items/{skus[0]}", new { quantity = 3 })).StatusCode);
    }

    [Fact]
    public async Task LinesCanBeRemovedAndTheCartEmptied()
    {
        var shopper = await Shopper.NewAsync(shop);
        var first = await Shopper.ProductAsync(shop);
        var second = await Shopper.ProductAsync(shop);
        await shopper.AddAsync(first, 1);
        await shopper.AddAsync(second, 1);

        var removed = await shopper.Client.DeleteAsync($"/api/cart/items/{first}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var cart = await removed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([second], cart.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await shopper.Client.DeleteAsync("/api/cart")).StatusCode);
        var empty = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task EachCustomerSeesOnlyTheirOwnCart()
    {
        var alice = await Shopper.NewAsync(shop);
        var bob = await Shopper.NewAsync(shop);
        await alice.AddAsync(await Shopper.ProductAsync(shop), 1);

        var bobs = await bob.Client.GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal(0, bobs.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CustomerIdsThatLookLikeNumbersHaveSeparateCarts()
    {
        var sku = await Shopper.ProductAsync(shop);
        var suffix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var padded = await shop.CustomerAsync("0" + suffix);
        var plain = await shop.CustomerAsync(suffix);

        Assert.Equal(HttpStatusCode.OK, (await padded.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity = 4 })).StatusCode);
        Assert.Single((await padded.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").EnumerateArray());
        var cart = await plain.GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheCartNeedsASignedInCustomer()
    {
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().GetAsync("/api/cart"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().PutAsJsonAsync("/api/cart/items/X1", new { quantity = 1 }), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().DeleteAsync("/api/cart"), HttpStatusCode.Unauthorized);
    }
}
