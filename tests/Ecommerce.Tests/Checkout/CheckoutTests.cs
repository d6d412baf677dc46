using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Checkout;

/// <summary>Every row of api.md's checkout table, asserted on what the simulators recorded.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class CheckoutTests(ShopFixture shop) : IAsyncLifetime
{
    public Task InitializeAsync() => shop.Simulators.ClearFaultsAsync();

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Fact]
    public async Task ACheckoutReservesChargesCommitsEmptiesTheCartAndSendsOneEmail()
    {
        var shopper = await Shopper.NewAsync(shop);
        var mug = await Shopper.ProductAsync(shop, price: 12.50m, stock: 10);
        var lamp = await Shopper.ProductAsync(shop, price: 30m, stock: 10);
        await shopper.AddAsync(mug, 2);
        await shopper.AddAsync(lamp, 1);

        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = order.GetProperty("id").GetString()!;
        Assert.Equal($"/api/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(55.00m, order.GetProperty("total").GetProperty("amount").GetDecimal());
        Assert.Equal("buyer@shop.example", order.GetProperty("email").GetString());
        Assert.Equal("GB", order.GetProperty("shippingAddress").GetProperty("country").GetString());
        Assert.Equal(2, order.GetProperty("items").GetArrayLength());

        var charge = Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal(55.00m, charge.GetProperty("amount").GetDecimal());
        Assert.Equal(order.GetProperty("paymentId").GetString(), charge.GetProperty("id").GetString());
        Assert.Equal((8, 0), await shop.Simulators.StockAsync(mug));
        Assert.Equal((9, 0), await shop.Simulators.StockAsync(lamp));
        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
        await EventuallyAsync(async () => (await shop.Simulators.EmailsAsync(id)).Count == 1);
        var email = Assert.Single(await shop.Simulators.EmailsAsync(id));
        Assert.Equal("buyer@shop.example", email.GetProperty("to").GetString());

        var listed = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal(id, listed.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal("Confirmed", listed.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task FiftyConcurrentReplaysOfOneKeyMakeOneOrderAndOneCharge()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop, price: 7m), 1);
        var key = Shopper.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => shopper.CheckoutAsync(key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        var id = Assert.Single(ids.Distinct())!;
        Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task EightCheckoutsOfOneCartWithEightKeysMakeOneOrderAndOneCharge()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 9m, stock: 50);
        await shopper.AddAsync(sku, 1);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => shopper.CheckoutAsync(Shopper.NewKey())));

        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        foreach (var other in responses.Where(r => r != created))
        {
            var problem = await ProblemAssert.IsProblemAsync(other, other.StatusCode == HttpStatusCode.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest);
            if (other.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal(orderId, problem.GetProperty("orderId").GetString());
            }
        }
        Assert.Single(await shop.Simulators.ChargesAsync(orderId));
        Assert.Single(await OrdersOfAsync(shopper));
        Assert.Equal((49, 0), await shop.Simulators.StockAsync(sku));
    }

    [Fact]
    public async Task ACartWithADiscontinuedLineIsAConflictNamingItAndStoresNothing()
    {
        var shopper = await Shopper.NewAsync(shop);
        var kept = await Shopper.ProductAsync(shop);
        var gone = await Shopper.ProductAsync(shop);
        await shopper.AddAsync(kept, 1);
        await shopper.AddAsync(gone, 2);
        await (await shop.AdminAsync()).DeleteAsync($"/api/products/{gone}");
        var key = Shopper.NewKey();

        var response = await shopper.CheckoutAsync(key);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(gone, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no longer sold", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await OrdersOfAsync(shopper));
        Assert.Empty(await shop.Simulators.ChargesAsync(OrderIds.For(shopper.CustomerId, key)));
        await shopper.Client.DeleteAsync($"/api/cart/items/{gone}");
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(key)).StatusCode);
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsUnprocessable()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var key = Shopper.NewKey();
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(key)).StatusCode);

        var response = await shopper.CheckoutAsync(key, Shopper.Body(email: "someone.else@shop.example"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, (await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnotherCustomersUseOfTheSameKeyIsASeparateCheckout()
    {
        var alice = await Shopper.NewAsync(shop);
        var bob = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop);
        await alice.AddAsync(sku, 1);
        await bob.AddAsync(sku, 1);
        var key = Shopper.NewKey();

        var first = await (await alice.CheckoutAsync(key)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await bob.CheckoutAsync(key);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(first.GetProperty("id").GetString(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("this-key-is-sixty-five-characters-long-which-is-one-more-than-64x")]
    [InlineData("has space")]
    public async Task AMissingOrBadKeyIsABadRequest(string? key)
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(Shopper.Body()) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        var response = await shopper.Client.SendAsync(request);

        await ProblemAssert.IsValidationProblemAsync(response, "Idempotency-Key");
        Assert.Empty(await OrdersOfAsync(shopper));
    }

    [Fact]
    public async Task AnEmptyCartIsABadRequestThatDoesNotUseUpTheKey()
    {
        var shopper = await Shopper.NewAsync(shop);
        var key = Shopper.NewKey();

        await ProblemAssert.IsProblemAsync(await shopper.CheckoutAsync(key), HttpStatusCode.BadRequest);

        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(key)).StatusCode);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"email": "not-an-address", "shippingAddress": {"name": "A", "line1": "B", "city": "C", "postalCode": "D", "country": "GB"}}""", "email" },
        { """{"email": "a@b.example", "shippingAddress": {"name": "A", "line1": "B", "city": "C", "postalCode": "D", "country": "XX"}}""", "country" },
        { """{"email": "a@b.example", "shippingAddress": {"name": "A", "line1": "B", "city": "C", "postalCode": "D", "country": "gb"}}""", "country" },
        { """{"email": "a@b.example", "shippingAddress": {"line1": "B", "city": "C", "postalCode": "D", "country": "GB"}}""", "name" },
        { """{"email": "a@b.example", "shippingAddress": {"name": "A", "line1": "B", "city": "C", "postalCode": "D", "country": "GB", "planet": "Mars"}}""", "planet" },
        { """{"email": "a@b.example"}""", "shippingAddress" },
        { """{"email": "a@b.example", "total": 0.01, "shippingAddress": {"name": "A", "line1": "B", "city": "C", "postalCode": "D", "country": "GB"}}""", "total" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsAValidationProblemThatDoesNotUseUpTheKey(string json, string field)
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var key = Shopper.NewKey();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);

        await ProblemAssert.IsValidationProblemAsync(await shopper.Client.SendAsync(request), field);

        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(key)).StatusCode);
    }

    [Fact]
    public async Task NotEnoughStockIsAConflictNamingTheSkuAndChargesNothing()
    {
        var shopper = await Shopper.NewAsync(shop);
        var scarce = await Shopper.ProductAsync(shop, stock: 1);
        var plenty = await Shopper.ProductAsync(shop, stock: 5);
        await shopper.AddAsync(scarce, 2);
        await shopper.AddAsync(plenty, 1);

        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(scarce, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(plenty, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var id = problem.GetProperty("orderId").GetString()!;
        Assert.Empty(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((1, 0), await shop.Simulators.StockAsync(scarce));
        Assert.Equal((5, 0), await shop.Simulators.StockAsync(plenty));
        await shopper.OrderEventuallyAsync(id, "Failed");
    }

    [Fact]
    public async Task ADeclinedCardIsPaymentRequiredAndReleasesTheStock()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, stock: 3);
        await shopper.AddAsync(sku, 2);
        await shop.Simulators.SetFaultsAsync(new { payment = new { declineRate = 1.0 } });
        var key = Shopper.NewKey();

        var response = await shopper.CheckoutAsync(key);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PaymentRequired);
        var id = problem.GetProperty("orderId").GetString()!;
        Assert.Empty(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((3, 0), await shop.Simulators.StockAsync(sku));
        var order = await shopper.OrderEventuallyAsync(id, "Failed");
        Assert.Contains("declined", order.GetProperty("failureReason").GetString(), StringComparison.OrdinalIgnoreCase);
        await shop.Simulators.ClearFaultsAsync();
        await ProblemAssert.IsProblemAsync(await shopper.CheckoutAsync(key), HttpStatusCode.PaymentRequired);
    }

    [Fact]
    public async Task AnInventoryErrorIsABadGatewayAndChargesNothing()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, stock: 4);
        await shopper.AddAsync(sku, 1);
        await shop.Simulators.SetFaultsAsync(new { inventory = new { errorRate = 1.0 } });

        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        var id = problem.GetProperty("orderId").GetString()!;
        await shop.Simulators.ClearFaultsAsync();
        await shopper.OrderEventuallyAsync(id, "Failed");
        Assert.Empty(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((4, 0), await shop.Simulators.StockAsync(sku));
    }

    [Fact]
    public async Task APaymentErrorIsABadGatewayAndTheOrderFinishesWithOneCharge()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, stock: 4);
        await shopper.AddAsync(sku, 1);
        await shop.Simulators.SetFaultsAsync(new { payment = new { errorRate = 1.0 } });

        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        var id = problem.GetProperty("orderId").GetString()!;
        Assert.Empty(await shop.Simulators.ChargesAsync(id));
        Assert.Equal("Pending", (await shopper.OrderAsync(id)).GetProperty("status").GetString());
        await shop.Simulators.ClearFaultsAsync();
        await shopper.OrderEventuallyAsync(id, "Confirmed");
        Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((3, 0), await shop.Simulators.StockAsync(sku));
    }

    [Fact]
    public async Task APaymentTimeoutIsAGatewayTimeoutWithTheOrderIdAndNeverASecondCharge()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 9m, stock: 4);
        await shopper.AddAsync(sku, 1);
        await shop.Simulators.SetFaultsAsync(new { payment = new { timeoutRate = 1.0 } });
        var key = Shopper.NewKey();

        var started = DateTime.UtcNow;
        var response = await shopper.CheckoutAsync(key);
        var took = DateTime.UtcNow - started;

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.True(took < TimeSpan.FromSeconds(15), $"The checkout took {took}.");
        var id = problem.GetProperty("orderId").GetString()!;
        // The gateway did charge: only its answer was lost.
        Assert.Single(await shop.Simulators.ChargesAsync(id));
        await ProblemAssert.IsProblemAsync(await shopper.CheckoutAsync(key), HttpStatusCode.GatewayTimeout);

        await shop.Simulators.ClearFaultsAsync();
        await shopper.OrderEventuallyAsync(id, "Confirmed");
        Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((3, 0), await shop.Simulators.StockAsync(sku));
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(key)).StatusCode);
    }

    [Fact]
    public async Task TwoCustomersRacingForTheLastUnitGetOneOrder()
    {
        var sku = await Shopper.ProductAsync(shop, stock: 1);
        var alice = await Shopper.NewAsync(shop);
        var bob = await Shopper.NewAsync(shop);
        await alice.AddAsync(sku, 1);
        await bob.AddAsync(sku, 1);

        var responses = await Task.WhenAll(alice.CheckoutAsync(Shopper.NewKey()), bob.CheckoutAsync(Shopper.NewKey()));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal((0, 0), await shop.Simulators.StockAsync(sku));
    }

    [Fact]
    public async Task ACheckoutInterruptedAfterTheReservationEndsConfirmedOnce()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, stock: 2);
        await shopper.AddAsync(sku, 1);
        await shop.Simulators.SetFaultsAsync(new { payment = new { errorRate = 1.0 } });
        var response = await shopper.CheckoutAsync(Shopper.NewKey());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        Assert.Equal((1, 1), await shop.Simulators.StockAsync(sku));

        // Every activation goes, timers with it: only the sweep of unfinished orders can finish it.
        var grains = shop.Api.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await shop.Simulators.ClearFaultsAsync();

        await shopper.OrderEventuallyAsync(id, "Confirmed");
        Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((1, 0), await shop.Simulators.StockAsync(sku));
        await EventuallyAsync(async () => (await shop.Simulators.EmailsAsync(id)).Count == 1);
    }

    [Fact]
    public async Task AnotherCustomersOrderIsNotFoundButAnAdminSeesIt()
    {
        var owner = await Shopper.NewAsync(shop);
        var stranger = await Shopper.NewAsync(shop);
        await owner.AddAsync(await Shopper.ProductAsync(shop), 1);
        var id = (await (await owner.CheckoutAsync(Shopper.NewKey())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await ProblemAssert.IsProblemAsync(await stranger.Client.GetAsync($"/api/orders/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.Client.PostAsync($"/api/orders/{id}/cancel", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.Client.GetAsync("/api/orders/ord_000000000000000000000000"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.Client.GetAsync("/api/orders/whatever"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await stranger.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await (await shop.AdminAsync()).GetAsync($"/api/orders/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().GetAsync($"/api/orders/{id}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CancellingRefundsOnceAndReleasesTheStock()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 15m, stock: 5);
        await shopper.AddAsync(sku, 2);
        var id = (await (await shopper.CheckoutAsync(Shopper.NewKey())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal((3, 0), await shop.Simulators.StockAsync(sku));

        var cancelled = await shopper.Client.PostAsync($"/api/orders/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var charge = Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal(30m, charge.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal((5, 0), await shop.Simulators.StockAsync(sku));
        await ProblemAssert.IsProblemAsync(await shopper.Client.PostAsync($"/api/orders/{id}/cancel", null), HttpStatusCode.Conflict);
        Assert.Equal(30m, Assert.Single(await shop.Simulators.ChargesAsync(id)).GetProperty("refundedAmount").GetDecimal());
        Assert.Equal("Cancelled", (await shopper.OrderAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OrdersAreListedNewestFirstAndPaged()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await shopper.AddAsync(sku, 1);
            var response = await shopper.CheckoutAsync(Shopper.NewKey());
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var first = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders?pageSize=2");
        var second = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders?pageSize=2&page=2");

        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        await ProblemAssert.IsValidationProblemAsync(await shopper.Client.GetAsync("/api/orders?pageSize=101"), "pageSize");
    }

    private static async Task<List<JsonElement>> OrdersOfAsync(Shopper shopper) =>
        (await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("items").EnumerateArray().ToList();

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Poll.UntilAsync(condition, "the background work finishes");
}
