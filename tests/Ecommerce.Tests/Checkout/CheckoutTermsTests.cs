using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>A customer is charged what they were shown, never above the shop's limit, and every failed answer names its order.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class CheckoutTermsTests(ShopFixture shop) : IAsyncLifetime
{
    public Task InitializeAsync() => shop.Simulators.ClearFaultsAsync();

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Fact]
    public async Task APriceRaisedAfterTheCustomerLookedIsRefusedWithTheNewTotalAndNothingCharged()
    {
        var shopper = await Shopper.NewAsync(shop);
        var admin = await shop.AdminAsync();
        var sku = await Shopper.ProductAsync(shop, price: 10m, stock: 4);
        var shown = (await shopper.AddAsync(sku, 1)).GetProperty("total");
        Assert.Equal(10.00m, shown.GetProperty("amount").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/products/{sku}", Products.UpdateBody(price: 14m))).StatusCode);

        var refused = await shopper.CheckoutAsync(Shopper.NewKey(), WithTotal(10.00m));

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(14.00m, problem.GetProperty("total").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", problem.GetProperty("total").GetProperty("currency").GetString());
        Assert.Equal(0, (await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("total").GetInt32());
        Assert.Equal((4, 0), await shop.Simulators.StockAsync(sku));

        // Shown the new total, the customer buys at it.
        var bought = await shopper.CheckoutAsync(Shopper.NewKey(), WithTotal(14m));
        Assert.Equal(HttpStatusCode.Created, bought.StatusCode);
        var order = await bought.Content.ReadFromJsonAsync<JsonElement>();
        var charge = Assert.Single(await shop.Simulators.ChargesAsync(order.GetProperty("id").GetString()));
        Assert.Equal(14.00m, charge.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task ATotalAboveTheShopsLimitIsRefusedBeforeAnythingIsReserved()
    {
        // 2 x 99 x 1,000,000.00 is above Checkout:MaxOrderTotal (100,000,000.00 by default).
        var shopper = await Shopper.NewAsync(shop);
        var first = await Shopper.ProductAsync(shop, price: 1_000_000m, stock: 200);
        var second = await Shopper.ProductAsync(shop, price: 1_000_000m, stock: 200);
        await shopper.AddAsync(first, 99);
        await shopper.AddAsync(second, 99);

        var problem = await ProblemAssert.IsProblemAsync(await shopper.CheckoutAsync(Shopper.NewKey()), HttpStatusCode.Conflict);

        Assert.Equal(198_000_000m, problem.GetProperty("total").GetProperty("amount").GetDecimal());
        Assert.Equal((200, 0), await shop.Simulators.StockAsync(first));
        Assert.Equal(0, (await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("total").GetInt32());
        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.False(cart.TryGetProperty("checkout", out var held) && held.ValueKind != JsonValueKind.Null, $"The cart is held: {cart}");
    }

    [Theory]
    [InlineData(10.001, "USD")]
    [InlineData(10, "EUR")]
    [InlineData(-1, "USD")]
    public async Task AnExpectedTotalThatIsNoTotalOfTheShopIsRefused(decimal amount, string currency)
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var body = WithTotal(amount, currency);

        await ProblemAssert.IsValidationProblemAsync(await shopper.CheckoutAsync(Shopper.NewKey(), body), "expectedTotal");
    }

    [Fact]
    public async Task AReplayThatWaitedBehindTheFirstRequestStillNamesTheOrder()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop, price: 6m), 1);
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 4000 } });
        var key = Shopper.NewKey();

        var first = shopper.CheckoutAsync(key);
        await Task.Delay(500);
        var replay = shopper.CheckoutAsync(key);
        var answers = await Task.WhenAll(first, replay);

        var ids = new List<string>();
        foreach (var answer in answers)
        {
            var problem = await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.GatewayTimeout);
            Assert.True(problem.TryGetProperty("orderId", out var id), $"No orderId: {problem}");
            Assert.True(problem.GetProperty("settling").GetBoolean());
            ids.Add(id.GetString()!);
        }
        var orderId = Assert.Single(ids.Distinct());
        await shop.Simulators.ClearFaultsAsync();
        await shopper.OrderEventuallyAsync(orderId, "Confirmed");
        Assert.Single(await shop.Simulators.ChargesAsync(orderId));
    }

    private static object WithTotal(decimal amount, string currency = "USD") => new
    {
        email = "buyer@shop.example",
        shippingAddress = new { name = "Ada Lovelace", line1 = "12 St James's Square", city = "London", postalCode = "SW1Y 4JH", country = "GB" },
        expectedTotal = new { amount, currency },
    };
}
