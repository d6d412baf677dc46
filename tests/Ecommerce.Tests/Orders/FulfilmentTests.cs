using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Orders;

/// <summary>After checkout: shipping, delivery, the timeline, live status and the admin views, over HTTP.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class FulfilmentTests(ShopFixture shop) : IAsyncLifetime
{
    public Task InitializeAsync() => shop.Simulators.ClearFaultsAsync();

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Fact]
    public async Task AnOrderIsShippedAndDeliveredWithItsTimelineAndOneEmailOfEach()
    {
        var (shopper, id) = await ConfirmedOrderAsync();
        var admin = await shop.AdminAsync();

        var shipped = await ShipAsync(admin, id, "DHL", "TRACK-1");
        var again = await ShipAsync(admin, id, "DHL", "TRACK-1");
        var delivered = await admin.PostAsync($"/api/orders/{id}/deliver", null);
        var deliveredAgain = await admin.PostAsync($"/api/orders/{id}/deliver", null);

        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deliveredAgain.StatusCode);
        var order = await shopper.OrderAsync(id);
        Assert.Equal("Delivered", order.GetProperty("status").GetString());
        var shipment = order.GetProperty("shipment");
        Assert.Equal("DHL", shipment.GetProperty("carrier").GetString());
        Assert.Equal("TRACK-1", shipment.GetProperty("trackingNumber").GetString());
        Assert.True(shipment.GetProperty("deliveredAt").GetDateTimeOffset() >= shipment.GetProperty("shippedAt").GetDateTimeOffset());
        var timeline = order.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["Pending", "Confirmed", "Shipped", "Delivered"], timeline.Select(t => t.GetProperty("status").GetString()));
        Assert.Equal(["customer", "system"], timeline.Take(2).Select(t => t.GetProperty("by").GetString()));
        Assert.All(timeline.Skip(2), t => Assert.StartsWith("admin:", t.GetProperty("by").GetString(), StringComparison.Ordinal));
        Assert.Contains("TRACK-1", timeline[2].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(timeline.Select(t => t.GetProperty("at").GetDateTimeOffset()).SequenceEqual(timeline.Select(t => t.GetProperty("at").GetDateTimeOffset()).Order()));
        await Poll.UntilAsync(async () => (await shop.Simulators.EmailsAsync(id)).Count == 2, "a confirmation and a shipping e-mail");
        var emails = await shop.Simulators.EmailsAsync(id);
        Assert.Single(emails, e => e.GetProperty("subject").GetString()!.Contains("shipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachWrongMoveOfTheOrderLifeIsAConflict()
    {
        var admin = await shop.AdminAsync();
        // Pending: the gateway holds the charge.
        await shop.Simulators.SetFaultsAsync(new { payment = new { timeoutRate = 1.0 } });
        var pendingShopper = await Shopper.NewAsync(shop);
        await pendingShopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var pending = await pendingShopper.CheckoutAsync(Shopper.NewKey());
        var pendingId = (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        await ProblemAssert.IsProblemAsync(await ShipAsync(admin, pendingId, "UPS", "1"), HttpStatusCode.Conflict);
        await shop.Simulators.ClearFaultsAsync();

        var (shopper, id) = await ConfirmedOrderAsync();
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/orders/{id}/deliver", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await ShipAsync(admin, id, "UPS", "1Z")).StatusCode);
        await ProblemAssert.IsProblemAsync(await ShipAsync(admin, id, "UPS", "2Z"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await shopper.Client.PostAsync($"/api/orders/{id}/cancel", null), HttpStatusCode.Conflict);
        Assert.Equal("Shipped", (await shopper.OrderAsync(id)).GetProperty("status").GetString());
        Assert.Equal(0m, Assert.Single(await shop.Simulators.ChargesAsync(id)).GetProperty("refundedAmount").GetDecimal());
        await ProblemAssert.IsProblemAsync(await ShipAsync(admin, $"ord_{new string('0', 24)}", "UPS", "1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACustomerCannotShipDeliverListAllOrdersOrWatchAnotherCustomersOrder()
    {
        var (_, id) = await ConfirmedOrderAsync();
        var other = await shop.CustomerAsync();

        await ProblemAssert.IsProblemAsync(await ShipAsync(other, id, "UPS", "1"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.PostAsync($"/api/orders/{id}/deliver", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/admin/orders"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/orders/{id}/events"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().GetAsync($"/api/orders/{id}/events"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminsListEveryCustomersOrdersByStatusAndCustomerAndCustomersFilterTheirOwn()
    {
        var (shopper, shippedId) = await ConfirmedOrderAsync();
        var admin = await shop.AdminAsync();
        await ShipAsync(admin, shippedId, "UPS", "1");
        var confirmedId = await CheckoutAsync(shopper);

        var mineShipped = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders?status=Shipped");
        var mineConfirmed = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/orders?status=Confirmed");
        var byCustomer = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?customerId={shopper.CustomerId}");
        var allShipped = await admin.GetFromJsonAsync<JsonElement>("/api/admin/orders?status=Shipped&pageSize=100");

        Assert.Equal([shippedId], Ids(mineShipped));
        Assert.Equal([confirmedId], Ids(mineConfirmed));
        Assert.Equal([confirmedId, shippedId], Ids(byCustomer));
        Assert.Contains(shippedId, Ids(allShipped));
        Assert.All(allShipped.GetProperty("items").EnumerateArray(), o => Assert.Equal("Shipped", o.GetProperty("status").GetString()));
        await ProblemAssert.IsValidationProblemAsync(await admin.GetAsync("/api/admin/orders?status=Lost"), "status");
        await ProblemAssert.IsValidationProblemAsync(await shopper.Client.GetAsync("/api/orders?status=1"), "status");
    }

    [Fact]
    public async Task AWatcherSeesEveryStatusInOrderWithinASecondThenTheStreamEnds()
    {
        // The gateway takes a moment, so the watcher connects while the order is still Pending.
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 800 } });
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var key = Shopper.NewKey();
        var id = Ecommerce.Grains.Interfaces.Orders.OrderIds.For(shopper.CustomerId, key);
        var checkout = shopper.CheckoutAsync(key);
        await Poll.UntilAsync(async () => (await shopper.Client.GetAsync($"/api/orders/{id}")).IsSuccessStatusCode, "the order exists");
        await using var stream = await SseClient.OpenAsync(shopper.Client, $"/api/orders/{id}/events");
        var admin = await shop.AdminAsync();

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var pending = await stream.NextAsync();
        var confirmedAt = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.Created, (await checkout).StatusCode);
        var confirmed = await stream.NextAsync();
        await shop.Simulators.ClearFaultsAsync();
        var shippedAt = Stopwatch.GetTimestamp();
        await ShipAsync(admin, id, "DHL", "T-9");
        var shipped = await stream.NextAsync();
        var deliveredAt = Stopwatch.GetTimestamp();
        await admin.PostAsync($"/api/orders/{id}/deliver", null);
        var delivered = await stream.NextAsync();
        var end = await stream.NextAsync();

        Assert.Equal(["1", "2", "3", "4"], new[] { pending, confirmed, shipped, delivered }.Select(e => e!.Id));
        Assert.Equal(["Pending", "Confirmed", "Shipped", "Delivered"], new[] { pending, confirmed, shipped, delivered }.Select(e => e!.Status));
        Assert.All(new[] { pending, confirmed, shipped, delivered }, e => Assert.Equal("status", e!.Type));
        Assert.True(Stopwatch.GetElapsedTime(confirmedAt, confirmed!.ReceivedAt) < TimeSpan.FromSeconds(3), "Confirmed arrived late");
        Assert.True(Stopwatch.GetElapsedTime(shippedAt, shipped!.ReceivedAt) < TimeSpan.FromSeconds(1), "Shipped arrived over a second after the change");
        Assert.True(Stopwatch.GetElapsedTime(deliveredAt, delivered!.ReceivedAt) < TimeSpan.FromSeconds(1), "Delivered arrived over a second after the change");
        Assert.Equal(4, delivered.Data.GetProperty("timeline").GetArrayLength());
        Assert.Null(end);

        // A client that dropped after the second event resumes with the rest, exactly once.
        await using var resumed = await SseClient.OpenAsync(shopper.Client, $"/api/orders/{id}/events", lastEventId: 2);
        var rest = await resumed.RestAsync();
        Assert.Equal(["3", "4"], rest.Select(e => e.Id));
        Assert.Equal(["Shipped", "Delivered"], rest.Select(e => e.Status));
    }

    [Fact]
    public async Task AnIdleStreamSendsAHeartbeatComment()
    {
        var (shopper, id) = await ConfirmedOrderAsync();
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId,
            overrides: new Dictionary<string, string?> { ["OrderStreams:HeartbeatInterval"] = "00:00:01" });
        api.StartServer();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = shopper.Client.DefaultRequestHeaders.Authorization;

        await using var stream = await SseClient.OpenAsync(client, $"/api/orders/{id}/events");
        await stream.NextAsync();
        await stream.NextAsync();
        await Poll.UntilAsync(() => Task.FromResult(stream.Comments >= 2), "two heartbeats at one a second", TimeSpan.FromSeconds(4));

        Assert.False(stream.Ended);
    }

    [Fact]
    public async Task OpenStreamsAreBoundedPerCustomer()
    {
        var (shopper, id) = await ConfirmedOrderAsync();
        var streams = new List<SseClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var stream = await SseClient.OpenAsync(shopper.Client, $"/api/orders/{id}/events");
                Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
                streams.Add(stream);
            }
            var sixth = await shopper.Client.GetAsync($"/api/orders/{id}/events", HttpCompletionOption.ResponseHeadersRead);
            await ProblemAssert.IsProblemAsync(sixth, HttpStatusCode.TooManyRequests);
            await streams[0].DisposeAsync();
            streams.RemoveAt(0);
            await Poll.UntilAsync(async () =>
            {
                using var again = await shopper.Client.GetAsync($"/api/orders/{id}/events", HttpCompletionOption.ResponseHeadersRead);
                return again.StatusCode == HttpStatusCode.OK;
            }, "a closed stream frees its place");
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<(Shopper Shopper, string Id)> ConfirmedOrderAsync()
    {
        var shopper = await Shopper.NewAsync(shop);
        return (shopper, await CheckoutAsync(shopper));
    }

    private async Task<string> CheckoutAsync(Shopper shopper)
    {
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var response = await shopper.CheckoutAsync(Shopper.NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> ShipAsync(HttpClient client, string id, string carrier, string trackingNumber) =>
        client.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier, trackingNumber });

    private static List<string?> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
}
