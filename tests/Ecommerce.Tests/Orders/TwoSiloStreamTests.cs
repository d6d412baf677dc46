using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Orders;

/// <summary>Two silos and two API processes on one database: a stream on one API follows an order wherever it lives.</summary>
public sealed class TwoSiloStreamFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public string ClusterId { get; } = $"streams-{Guid.NewGuid():N}";
    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";
    public SimulatorFactory Simulators { get; } = new();
    public List<SiloFactory> Silos { get; } = [];
    public ApiFactory Watching { get; private set; } = null!;
    public ApiFactory Acting { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        Simulators.StartServer();
        for (var i = 0; i < 2; i++)
        {
            var silo = new SiloFactory(ConnectionString, ClusterId, ServiceId, Simulators.BaseAddress);
            silo.StartServer();
            Silos.Add(silo);
        }
        Watching = new ApiFactory(ConnectionString, ClusterId, ServiceId);
        Watching.StartServer();
        Acting = new ApiFactory(ConnectionString, ClusterId, ServiceId);
        Acting.StartServer();
        var grains = Watching.Services.GetRequiredService<IGrainFactory>();
        await Poll.UntilAsync(async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2, "both silos are active");
    }

    public async Task DisposeAsync()
    {
        await Watching.DisposeAsync();
        await Acting.DisposeAsync();
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
        await Simulators.DisposeAsync();
    }

    public static Task<HttpClient> SignedInAsync(ApiFactory api, string customerId, bool admin = false) =>
        SignIn.AsAsync(api.CreateClient(), customerId, admin);
}

public sealed class TwoSiloStreamTests(TwoSiloStreamFixture cluster) : IClassFixture<TwoSiloStreamFixture>
{
    [Fact]
    public async Task AStreamOnOneApiSeesChangesMadeThroughAnotherWhereverTheOrderLives()
    {
        var (customer, id) = await ConfirmedOrderAsync();
        await using var stream = await SseClient.OpenAsync(customer, $"/api/orders/{id}/events");
        var admin = await TwoSiloStreamFixture.SignedInAsync(cluster.Acting, $"admin-{Guid.NewGuid():N}", admin: true);

        var history = new[] { await stream.NextAsync(), await stream.NextAsync() };
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "DHL", trackingNumber = "X1" })).StatusCode);
        var shipped = await stream.NextAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/orders/{id}/deliver", null)).StatusCode);
        var delivered = await stream.NextAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["Pending", "Confirmed", "Shipped", "Delivered"], history.Append(shipped).Append(delivered).Select(e => e!.Status));
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task AStreamStaysCorrectWhenTheSiloHoldingTheOrderStops()
    {
        var (customer, id) = await ConfirmedOrderAsync();
        var admin = await TwoSiloStreamFixture.SignedInAsync(cluster.Acting, $"admin-{Guid.NewGuid():N}", admin: true);
        var stream = await SseClient.OpenAsync(customer, $"/api/orders/{id}/events");
        var seen = new List<SseEvent> { (await stream.NextAsync())!, (await stream.NextAsync())! };

        var grains = cluster.Watching.Services.GetRequiredService<IGrainFactory>();
        var host = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IOrderGrain>(id));
        var holder = cluster.Silos.Single(s => host!.Endpoint.Port == s.SiloPort);
        await holder.DisposeAsync();
        cluster.Silos.Remove(holder);

        await Poll.UntilAsync(async () => (await admin.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "DHL", trackingNumber = "X2" })).StatusCode == HttpStatusCode.OK,
            "the order ships from the remaining silo");
        await Poll.UntilAsync(async () => (await admin.PostAsync($"/api/orders/{id}/deliver", null)).StatusCode == HttpStatusCode.OK, "and is delivered");

        // The stream goes on, or, if the client was cut off, resumes after the last event it saw.
        while (seen.Count < 4)
        {
            if (await stream.NextAsync() is { } next)
            {
                seen.Add(next);
                continue;
            }
            await stream.DisposeAsync();
            stream = await SseClient.OpenAsync(customer, $"/api/orders/{id}/events", lastEventId: int.Parse(seen[^1].Id!, System.Globalization.CultureInfo.InvariantCulture));
        }
        await stream.DisposeAsync();

        Assert.Equal(["1", "2", "3", "4"], seen.Select(e => e.Id));
        Assert.Equal(["Pending", "Confirmed", "Shipped", "Delivered"], seen.Select(e => e.Status));
    }

    private async Task<(HttpClient Customer, string Id)> ConfirmedOrderAsync()
    {
        var admin = await TwoSiloStreamFixture.SignedInAsync(cluster.Acting, $"admin-{Guid.NewGuid():N}", admin: true);
        var sku = Products.NewSku("S");
        await Products.CreateAsync(admin, Products.Body(sku));
        await cluster.Simulators.SetStockAsync(sku, 10);
        var customer = await TwoSiloStreamFixture.SignedInAsync(cluster.Watching, $"c-{Guid.NewGuid():N}");
        Assert.True((await customer.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity = 1 })).IsSuccessStatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = JsonContent.Create(Checkout.Shopper.Body()),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await customer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (customer, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }
}
