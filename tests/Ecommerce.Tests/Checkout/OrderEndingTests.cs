using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>
/// A shop whose own order limit is above the payment gateway's (so the gateway's refusal is
/// reached), and whose orders count as stuck after two seconds pending.
/// </summary>
public sealed class OrderEndingFixture : ShopFixture
{
    protected override IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>
    {
        ["Orders:StuckAfter"] = "00:00:02",
    };

    protected override IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>
    {
        ["Checkout:MaxOrderTotal"] = "1000000000",
    };
}

[CollectionDefinition(Name)]
public sealed class OrderEndingCollectionDefinition : ICollectionFixture<OrderEndingFixture>
{
    public const string Name = "order ending";
}

/// <summary>Every order reaches a final state, and no charge stands for an order that failed.</summary>
[Collection(OrderEndingCollectionDefinition.Name)]
public sealed class OrderEndingTests(OrderEndingFixture shop) : IAsyncLifetime
{
    public Task InitializeAsync() => shop.Simulators.ClearFaultsAsync();

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Fact]
    public async Task TheGatewaysDefiniteRefusalFailsTheOrderAtOnceAndLeavesTheCartAsItWas()
    {
        // 2 x 99 x 1,000,000.00 = 198,000,000.00: above the simulated gateway's limit, which it
        // refuses with a 400, a definite answer that asking again cannot change.
        var shopper = await Shopper.NewAsync(shop);
        var first = await Shopper.ProductAsync(shop, price: 1_000_000m, stock: 200);
        var second = await Shopper.ProductAsync(shop, price: 1_000_000m, stock: 200);
        await shopper.AddAsync(first, 99);
        await shopper.AddAsync(second, 99);

        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        var id = problem.GetProperty("orderId").GetString()!;
        Assert.False(problem.GetProperty("settling").GetBoolean());
        var order = await shopper.OrderAsync(id);
        Assert.Equal("Failed", order.GetProperty("status").GetString());
        Assert.Contains("refused the charge", order.GetProperty("failureReason").GetString());
        var history = order.GetProperty("timeline");
        Assert.Equal("Failed", history[history.GetArrayLength() - 1].GetProperty("status").GetString());
        Assert.Empty(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((200, 0), await shop.Simulators.StockAsync(first));
        Assert.Equal((200, 0), await shop.Simulators.StockAsync(second));

        // The cart is as it was and free: a smaller order of it goes through.
        var cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(2, cart.GetProperty("items").GetArrayLength());
        Assert.False(cart.TryGetProperty("checkout", out var held) && held.ValueKind != JsonValueKind.Null, $"The cart is still held: {cart}");
        await shopper.AddAsync(first, 1);
        await shopper.Client.DeleteAsync($"/api/cart/items/{second}");
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(Shopper.NewKey())).StatusCode);
    }

    [Fact]
    public async Task AnAdminFailsAStuckOrderAndTheChargeThatLandedIsRefunded()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 25m, stock: 5);
        await shopper.AddAsync(sku, 2);
        // The gateway charges, then its replies are lost: the order cannot learn it was charged.
        await shop.Simulators.SetFaultsAsync(new { payment = new { timeoutRate = 1.0 } });

        var checkout = await ProblemAssert.IsProblemAsync(await shopper.CheckoutAsync(Shopper.NewKey()), HttpStatusCode.GatewayTimeout);
        var id = checkout.GetProperty("orderId").GetString()!;
        Assert.True(checkout.GetProperty("settling").GetBoolean());
        Assert.Contains("still being settled", checkout.GetProperty("detail").GetString());
        Assert.Single(await shop.Simulators.ChargesAsync(id));

        // Pending past Orders:StuckAfter: the admin list and the metrics show it.
        var admin = await shop.AdminAsync();
        await Poll.UntilAsync(async () => (await StuckIdsAsync(admin)).Contains(id), "the order is listed as stuck");
        await Poll.UntilAsync(async () => await StuckGaugeAsync() >= 1, "the metrics count a stuck order");
        var customer = await shopper.Client.PostAsync($"/api/orders/{id}/fail", null);
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);

        // The admin fails it; whatever the gateway answers meanwhile, the failure goes on to its end.
        var failing = await admin.PostAsync($"/api/orders/{id}/fail", null);
        Assert.True(failing.StatusCode is HttpStatusCode.OK or HttpStatusCode.GatewayTimeout, await failing.Content.ReadAsStringAsync());
        await shop.Simulators.ClearFaultsAsync();
        var failed = await shopper.OrderEventuallyAsync(id, "Failed");

        var charge = Assert.Single(await shop.Simulators.ChargesAsync(id));
        Assert.Equal(charge.GetProperty("amount").GetDecimal(), charge.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal((5, 0), await shop.Simulators.StockAsync(sku));
        var timeline = failed.GetProperty("timeline");
        Assert.StartsWith("admin:", timeline[timeline.GetArrayLength() - 1].GetProperty("by").GetString());
        Assert.DoesNotContain(id, await StuckIdsAsync(admin));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/orders/{id}/fail", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(Shopper.NewKey())).StatusCode);
    }

    [Fact]
    public async Task FailingAnOrderWhoseChargeNeverLandedRefundsNothingAndFinishesOnceTheGatewayAnswers()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 8m, stock: 3);
        await shopper.AddAsync(sku, 1);
        // Every call to the gateway fails before it does anything: the charge, then the refund.
        await shop.Simulators.SetFaultsAsync(new { payment = new { errorRate = 1.0 } });
        var checkout = await ProblemAssert.IsProblemAsync(await shopper.CheckoutAsync(Shopper.NewKey()), HttpStatusCode.BadGateway);
        var id = checkout.GetProperty("orderId").GetString()!;
        var admin = await shop.AdminAsync();

        var failing = await admin.PostAsync($"/api/orders/{id}/fail", null);

        // The refund by the order's key cannot be made yet: the answer says so and names the order.
        Assert.True(failing.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, await failing.Content.ReadAsStringAsync());
        var problem = await ProblemAssert.IsProblemAsync(failing, failing.StatusCode);
        Assert.Equal(id, problem.GetProperty("orderId").GetString());
        Assert.Contains("will finish", problem.GetProperty("detail").GetString());
        await shop.Simulators.ClearFaultsAsync();
        var failed = await shopper.OrderEventuallyAsync(id, "Failed");
        Assert.Contains("Failed by an admin", failed.GetProperty("failureReason").GetString());
        Assert.Empty(await shop.Simulators.ChargesAsync(id));
        Assert.Equal((3, 0), await shop.Simulators.StockAsync(sku));
    }

    [Fact]
    public async Task OnlyAPendingOrderCanBeFailedAndOnlyByAnAdmin()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var confirmed = await (await shopper.CheckoutAsync(Shopper.NewKey())).Content.ReadFromJsonAsync<JsonElement>();
        var id = confirmed.GetProperty("id").GetString()!;
        var admin = await shop.AdminAsync();

        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/orders/{id}/fail", null), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/orders/ord_nothing/fail", null), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.Client.PostAsync($"/api/orders/{id}/fail", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.Anonymous().PostAsync($"/api/orders/{id}/fail", null)).StatusCode);
        Assert.Equal("Confirmed", (await shopper.OrderAsync(id)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("status=Confirmed&stuck=true")]
    [InlineData("stuck=yes")]
    public async Task AStuckFilterThatCannotHoldIsRefused(string query) =>
        await ProblemAssert.IsValidationProblemAsync(await (await shop.AdminAsync()).GetAsync($"/api/admin/orders?{query}"), "stuck");

    private static async Task<List<string>> StuckIdsAsync(HttpClient admin)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/admin/orders?status=Pending&stuck=true&pageSize=100");
        return [.. page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()!)];
    }

    private async Task<double> StuckGaugeAsync()
    {
        var text = await SignIn.AsOperator(shop.Silo.CreateOperatorClient()).GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("ecommerce_orders_stuck", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
